// The CVE ids and Debian bugs a changelog names between two versions.
#include <boost/test/unit_test.hpp>

#include "diff/changelog_fixes.h"

using namespace debimg;

namespace {

const std::string kChangelog = R"(openssl (3.0.15-1~deb12u1) bookworm-security; urgency=medium

  * Import 3.0.15
    - CVE-2024-5535 (SSL_select_next_proto buffer overread).
    - CVE-2024-6119 (Possible denial of service in X.509 name checks).
  * Closes: #1077720, #1078011

 -- Sebastian Andrzej Siewior <sebastian@breakpoint.cc>  Sun, 08 Sep 2024 20:13:18 +0200

openssl (3.0.14-1~deb12u2) bookworm; urgency=medium

  * Fix CVE-2024-4741 (Use After Free with SSL_free_buffers). (closes: bug#1071920)

 -- Sebastian Andrzej Siewior <sebastian@breakpoint.cc>  Tue, 02 Jul 2024 22:27:29 +0200

openssl (3.0.11-1~deb12u2) bookworm-security; urgency=medium

  * CVE-2023-5678 (Excessive time spent in DH check / generation).

 -- Sebastian Andrzej Siewior <sebastian@breakpoint.cc>  Sun, 10 Dec 2023 20:00:00 +0200
)";

}  // namespace

BOOST_AUTO_TEST_SUITE(changelog_fixes)

BOOST_AUTO_TEST_CASE(entries_after_the_old_version_up_to_the_new) {
  const ChangelogFixes f = fixes_between(kChangelog, "3.0.11-1~deb12u2", "3.0.15-1~deb12u1");
  BOOST_TEST((f.cves == std::vector<std::string>{"CVE-2024-4741", "CVE-2024-5535", "CVE-2024-6119"}));
  BOOST_TEST((f.bugs == std::vector<unsigned>{1071920, 1077720, 1078011}));
  BOOST_TEST(fixes_text(f) == "fixes CVE-2024-4741, CVE-2024-5535, CVE-2024-6119; closes #1071920, #1077720, #1078011");
  // The old version's own entry is not the update's; neither is one newer than the new version.
  const ChangelogFixes one = fixes_between(kChangelog, "3.0.11-1~deb12u2", "3.0.14-1~deb12u2");
  BOOST_TEST(one.cves == std::vector<std::string>{"CVE-2024-4741"});
  BOOST_TEST(fixes_between(kChangelog, "3.0.15-1~deb12u1", "3.0.15-1~deb12u1").empty());
  // dpkg's version order (~ sorts before anything), not the text's.
  BOOST_TEST(fixes_between(kChangelog, "3.0.14-1~deb12u1", "3.0.15-1~deb12u1").cves.size() == 3u);
  BOOST_TEST(fixes_between(kChangelog, "3.0.14-1", "3.0.15-1~deb12u1").cves.size() == 2u);
}

BOOST_AUTO_TEST_CASE(no_entries_no_fixes) {
  BOOST_TEST(fixes_between("", "1", "2").empty());
  BOOST_TEST(fixes_between("not a changelog\nCVE-2020-1234\n", "1", "2").empty());
  BOOST_TEST(fixes_text(ChangelogFixes{}).empty());
}

BOOST_AUTO_TEST_SUITE_END()
