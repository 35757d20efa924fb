#include "repo/release_file.h"

#include <apt-pkg/strutl.h>
#include <apt-pkg/tagfile.h>

#include <sstream>

#include "util/error.h"
#include "util/strings.h"

namespace debimg {

namespace {

time_t parse_date(const std::string& value, const std::string& field, const std::string& what) {
  time_t t = 0;
  if (!RFC1123StrToTime(value, t)) throw Error(what + ": " + field + " '" + value + "' is not a valid date");
  return t;
}

}  // namespace

ReleaseFile parse_release(const std::string& text, const std::string& what) {
  // pkgTagSection needs the stanza to end with a blank line.
  std::string stanza = text;
  while (!stanza.empty() && (stanza.back() == '\n' || stanza.back() == '\r')) stanza.pop_back();
  stanza += "\n\n";
  pkgTagSection section;
  if (!section.Scan(stanza.c_str(), stanza.size(), false))
    throw Error(what + ": not a Release file (cannot parse its fields)");

  ReleaseFile r;
  r.origin = section.FindS("Origin");
  r.label = section.FindS("Label");
  r.suite = section.FindS("Suite");
  r.codename = section.FindS("Codename");
  r.version = section.FindS("Version");
  r.date = section.FindS("Date");
  if (r.date.empty()) throw Error(what + ": no Date field");
  r.date_time = parse_date(r.date, "Date", what);
  r.valid_until = section.FindS("Valid-Until");
  if (!r.valid_until.empty()) r.valid_until_time = parse_date(r.valid_until, "Valid-Until", what);
  r.acquire_by_hash = section.FindB("Acquire-By-Hash", false);
  r.no_support_for_architecture_all = section.FindS("No-Support-for-Architecture-all") == "Packages";
  r.architectures = split_words(section.FindS("Architectures"));
  r.components = split_words(section.FindS("Components"));

  std::istringstream lines(section.FindS("SHA256"));
  for (std::string line; std::getline(lines, line);) {
    auto w = split_words(line);
    if (w.empty()) continue;
    if (w.size() != 3 || w[0].size() != 64) throw Error(what + ": malformed SHA256 line '" + line + "'");
    ReleaseEntry e;
    e.sha256 = w[0];
    try {
      e.size = std::stoull(w[1]);
    } catch (const std::exception&) {
      throw Error(what + ": malformed size in SHA256 line '" + line + "'");
    }
    r.sha256[w[2]] = e;
  }
  if (r.sha256.empty()) throw Error(what + ": no SHA256 checksums (apt refuses such a Release too)");
  return r;
}

}  // namespace debimg
