#include "diff/changelog_fixes.h"

#include <apt-pkg/debversion.h>

#include <algorithm>
#include <regex>
#include <set>
#include <sstream>

#include "unpack/deb_changelog.h"
#include "util/strings.h"

namespace debimg {

namespace {

const std::regex kCve(R"(CVE-[0-9]{4}-[0-9]{4,7})");
// dpkg-parsechangelog's Closes: pattern.
const std::regex kCloses(R"(closes:\s*(?:bug)?#?\s?[0-9]+(?:,\s*(?:bug)?#?\s?[0-9]+)*)", std::regex::icase);
const std::regex kNumber(R"([0-9]+)");

int compare(const std::string& a, const std::string& b) { return debVS.CmpVersion(a, b); }

}  // namespace

ChangelogFixes fixes_between(const std::string& changelog, const std::string& old_version,
                             const std::string& new_version) {
  ChangelogFixes out;
  out.found = true;
  std::set<std::string> cves;
  std::set<unsigned> bugs;
  std::istringstream in(changelog);
  bool inside = false;  // in an entry newer than the old version and not newer than the new one
  for (std::string line; std::getline(in, line);) {
    if (const auto version = changelog_entry_version(line)) {
      if (compare(*version, old_version) <= 0) break;  // newest first: the rest is older
      inside = compare(*version, new_version) <= 0;
      continue;
    }
    if (!inside) continue;
    for (std::sregex_iterator i(line.begin(), line.end(), kCve), end; i != end; ++i) cves.insert(i->str());
    for (std::sregex_iterator i(line.begin(), line.end(), kCloses), end; i != end; ++i) {
      const std::string closes = i->str();
      for (std::sregex_iterator n(closes.begin(), closes.end(), kNumber), e; n != e; ++n)
        if (n->str().size() <= 9) bugs.insert(static_cast<unsigned>(std::stoul(n->str())));
    }
  }
  out.cves.assign(cves.begin(), cves.end());
  out.bugs.assign(bugs.begin(), bugs.end());
  return out;
}

std::string fixes_text(const ChangelogFixes& f) {
  std::string text;
  if (!f.cves.empty()) text = "fixes " + join(f.cves, ", ");
  if (!f.bugs.empty()) {
    std::vector<std::string> bugs;
    for (unsigned b : f.bugs) bugs.push_back("#" + std::to_string(b));
    text += (text.empty() ? "closes " : "; closes ") + join(bugs, ", ");
  }
  return text;
}

}  // namespace debimg
