#include "unpack/deb_changelog.h"

#include <boost/test/unit_test.hpp>

using namespace debimg;

namespace {
std::string changelog(const std::string& trailer) {
  return "app (1.2-3) bookworm; urgency=medium\n\n  * Fix.\n\n" + trailer +
         "\n\napp (1.2-2) bookworm; urgency=low\n\n  * Older.\n\n -- M <m@x>  Sun, 01 Jan 2023 00:00:00 +0000\n";
}
}  // namespace

BOOST_AUTO_TEST_SUITE(deb_changelog)

BOOST_AUTO_TEST_CASE(the_top_entry_dates_the_changelog) {
  // What dpkg-parsechangelog -STimestamp prints for each.
  BOOST_TEST(changelog_top_date(changelog(" -- Jane Doe <jane@example.org>  Tue, 14 Nov 2023 22:13:20 +0000")).value() == 1700000000);
  BOOST_TEST(changelog_top_date(changelog(" -- J <j@x>  Wed, 15 Nov 2023 00:13:20 +0200")).value() == 1700000000);
  BOOST_TEST(changelog_top_date(changelog(" -- J <j@x>  Tue, 14 Nov 2023 17:43:20 -0430")).value() == 1700000000);
  BOOST_TEST(changelog_top_date(changelog(" -- J <j@x>  Thu, 1 Jan 1970 00:00:00 +0000")).value() == 0);
  BOOST_TEST(changelog_top_date(changelog(" -- J <j@x>  29 Feb 2024 12:00:00 +0000")).value() == 1709208000);  // no weekday
  BOOST_TEST(changelog_top_date("\n\n" + changelog(" -- J <j@x>  Tue, 14 Nov 2023 22:13:20 +0000")).value() == 1700000000);
  // What dpkg lets pass with a warning: one space, a full month name, a one-digit hour, more spaces.
  BOOST_TEST(changelog_top_date(changelog(" -- J <j@x> Tue, 14 November 2023 22:13:20 +0000")).value() == 1700000000);
  BOOST_TEST(changelog_top_date(changelog(" -- J <j@x>  Wed,  15  Nov 2023 0:13:20  +0200 ")).value() == 1700000000);
}

BOOST_AUTO_TEST_CASE(what_is_no_debian_changelog_dates_nothing) {
  BOOST_TEST(!changelog_top_date(""));
  BOOST_TEST(!changelog_top_date("2023-11-14  Jane Doe  <jane@example.org>\n\n\t* upstream ChangeLog style\n"));
  BOOST_TEST(!changelog_top_date(changelog(" -- J <j@x>  2023-11-14 22:13:20")));
  BOOST_TEST(!changelog_top_date(changelog(" -- J <j@x>  Tue, 14 Nox 2023 22:13:20 +0000")));
  BOOST_TEST(!changelog_top_date(changelog(" -- J <j@x>  Tue, 32 Nov 2023 22:13:20 +0000")));
  BOOST_TEST(!changelog_top_date(changelog(" -- J <j@x>  Tue, 14 Nov 2023 25:13:20 +0000")));
  BOOST_TEST(!changelog_top_date(changelog(" -- J <j@x>   Tue, 14 Nov 2023 22:13:20 +0000")));  // three spaces: dpkg's neither
  BOOST_TEST(!changelog_top_date(changelog(" -- J <j@x>  Tue, 14 Nov 2023 22:13:20 UTC")));
  // The first entry without a trailer: the next entry's is not taken for it.
  BOOST_TEST(!changelog_top_date("app (2) unstable; urgency=low\n\n  * x\n\n" + changelog(" -- J <j@x>  Tue, 14 Nov 2023 22:13:20 +0000")));
}

BOOST_AUTO_TEST_CASE(entry_lines_name_their_version) {
  BOOST_TEST(changelog_entry_version("openssl (3.0.11-1~deb12u2) bookworm-security; urgency=medium").value() == "3.0.11-1~deb12u2");
  BOOST_TEST(!changelog_entry_version("  * openssl (3.0) is not a header"));
  BOOST_TEST(!changelog_entry_version(" -- J <j@x>  Tue, 14 Nov 2023 22:13:20 +0000"));
}

BOOST_AUTO_TEST_SUITE_END()
