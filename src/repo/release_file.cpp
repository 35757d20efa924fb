#include "repo/release_file.h"

#include <apt-pkg/strutl.h>
#include <apt-pkg/tagfile.h>

#include <sstream>

#include "util/error.h"
#include "util/strings.h"
#include "validate/identifiers.h"

namespace debimg {

namespace {

time_t parse_date(const std::string& value, const std::string& field, const std::string& what) {
  time_t t = 0;
  if (!RFC1123StrToTime(value, t)) throw Error(what + ": " + field + " '" + value + "' is not a valid date");
  return t;
}

}  // namespace

ReleaseFile parse_release(const std::string& text, const std::string& what) {
  // pkgTagSection needs the stanza to end with a blank line, and at least one field.
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) throw Error(what + ": not a Release file (it is empty)");
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

  // Signed or not, these become lock fields, cache names and URLs: checked here.
  for (const auto& [name, value] : {std::pair<const char*, const std::string&>{"Origin", r.origin}, {"Label", r.label},
                                    {"Suite", r.suite}, {"Codename", r.codename}, {"Version", r.version}})
    require_field_text(value, what + ": " + name);
  std::istringstream lines(section.FindS("SHA256"));
  size_t number = 0;
  for (std::string line; std::getline(lines, line);) {
    auto w = split_words(line);
    if (w.empty()) continue;
    const std::string where = what + ": SHA256 line " + std::to_string(++number);
    if (w.size() != 3) throw Error(where + ": malformed: " + quoted_value(line) + " is not 'HASH SIZE PATH'");
    require_sha256(w[0], where);
    require_pool_path(w[2], where);
    ReleaseEntry e;
    e.sha256 = w[0];
    if (w[1].find_first_not_of("0123456789") != std::string::npos || w[1].size() > 19)
      throw Error(where + ": " + quoted_value(w[1]) + " is not a size");
    e.size = std::stoull(w[1]);
    r.sha256[w[2]] = e;
  }
  if (r.sha256.empty()) throw Error(what + ": no SHA256 checksums (apt refuses such a Release too)");
  return r;
}

}  // namespace debimg
