// Two images' trees compared path by path (`debimg diff --files`).
#include <boost/test/unit_test.hpp>

#include "diff/file_diff.h"

using namespace debimg;

BOOST_AUTO_TEST_SUITE(file_diff)

BOOST_AUTO_TEST_CASE(added_removed_and_each_kind_of_change) {
  const ImageFile motd{"file", 0644, 0, 0, 2, std::string(64, 'a'), ""};
  const ImageFile link{"symlink", 0777, 0, 0, 0, "", "../x"};
  std::map<std::string, ImageFile> a{{"/etc/motd", motd}, {"/etc/gone", motd}, {"/etc/l", link}};
  std::map<std::string, ImageFile> b = a;
  b.erase("/etc/gone");
  b["/etc/motd"].mode = 0600;
  b["/etc/motd"].uid = 1;
  b["/etc/motd"].sha256 = std::string(64, 'b');
  b["/etc/l"].link = "../y";
  b["/etc/new"] = ImageFile{"dir", 0755, 0, 0, 0, "", ""};
  const auto changes = diff_files(a, b);
  BOOST_TEST_REQUIRE(changes.size() == 4u);
  BOOST_TEST(change_line(changes[0]) == "- /etc/gone (file 0644 0:0 2 bytes)");
  BOOST_TEST(change_line(changes[1]) == "~ /etc/l: link ../x -> ../y");
  BOOST_TEST(change_line(changes[2]) ==
             "~ /etc/motd: mode 0644 -> 0600; owner 0:0 -> 1:0; content sha256:aaaaaaaaaaaa… -> sha256:bbbbbbbbbbbb…");
  BOOST_TEST(change_line(changes[3]) == "+ /etc/new (dir 0755 0:0)");
  BOOST_TEST(diff_files(a, a).empty());
  BOOST_TEST(file_fields(link).at("link") == "../x");
}

BOOST_AUTO_TEST_SUITE_END()
