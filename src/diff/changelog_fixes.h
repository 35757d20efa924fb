#pragma once
// What a package update fixes, by its Debian changelog: the CVE ids and the
// Debian bugs (Closes: #N) that the entries after the old version, up to and
// including the new one, name.
#include <string>
#include <vector>

namespace debimg {

struct ChangelogFixes {
  std::vector<std::string> cves;  // "CVE-2024-2511", sorted, once each
  std::vector<unsigned> bugs;     // Debian bug numbers, sorted, once each
  bool found = false;             // the .deb had a changelog to read
  bool empty() const { return cves.empty() && bugs.empty(); }
};

// `changelog`: the text of a debian/changelog (changelog.Debian, decompressed).
// Entries are compared as dpkg compares versions; one that cannot be parsed ends the reading.
ChangelogFixes fixes_between(const std::string& changelog, const std::string& old_version,
                             const std::string& new_version);

// "fixes CVE-2024-2511, CVE-2024-4603; closes #1055473", "" when none.
std::string fixes_text(const ChangelogFixes& fixes);

}  // namespace debimg
