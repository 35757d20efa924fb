#include <boost/test/unit_test.hpp>
#include <filesystem>

#include "unpack/deb_reader.h"
#include "unpack/entry_checks.h"
#include "unpack/tree_writer.h"
#include "util/error.h"
#include "util/files.h"

using namespace debimg;
namespace fs = std::filesystem;

namespace {
bool mentions(const Error& e, const std::string& words) { return std::string(e.what()).find(words) != std::string::npos; }
auto says(const std::string& words) {
  return [words](const Error& e) { return mentions(e, words) && std::string(e.what()).find('\n') == std::string::npos; };
}
std::string nested(size_t depth) {
  std::string p = "a";
  for (size_t i = 1; i < depth; ++i) p += "/a";
  return p;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(entry_checks)

BOOST_AUTO_TEST_CASE(newlines_in_names_are_refused_on_one_line) {
  BOOST_CHECK_EXCEPTION(normalise_tar_path("./usr/a\n/etc/shadow", "p 1.0"), Error,
                        says("p 1.0: entry './usr/a\\x0a/etc/shadow': a newline in the name"));
  BOOST_CHECK_NO_THROW(check_entry_name("./usr/share/doc/a b\tc"));  // dpkg allows other bytes
}

BOOST_AUTO_TEST_CASE(depth_and_length_are_bounded) {
  BOOST_CHECK_NO_THROW(check_entry_path(nested(kMaxPathDepth)));
  BOOST_CHECK_EXCEPTION(check_entry_path(nested(kMaxPathDepth + 1)), Error, says("path deeper than 256 components (257)"));
  BOOST_CHECK_NO_THROW(check_entry_path(std::string(kMaxPathLength, 'x')));
  BOOST_CHECK_EXCEPTION(check_entry_path(std::string(kMaxPathLength + 1, 'x')), Error, says("path longer than 4096 bytes"));
  BOOST_CHECK_EXCEPTION(normalise_tar_path("./" + std::string(5000, 'x'), "p 1.0"), Error,
                        says("p 1.0: entry './xxxx"));
  BOOST_CHECK_EXCEPTION(check_entry_path(normalise_tar_path("./" + nested(2040) + "/", "p")), Error,
                        says("path deeper than 256 components (2040)"));
}

BOOST_AUTO_TEST_CASE(whiteout_names_are_refused) {
  BOOST_CHECK_EXCEPTION(check_entry_path("usr/share/.wh.passwd"), Error, says("'.wh.passwd' is an OCI whiteout name"));
  BOOST_CHECK_EXCEPTION(check_entry_path("etc/.wh..wh..opq"), Error, says("'.wh..wh..opq' is an OCI whiteout name"));
  BOOST_CHECK_EXCEPTION(check_entry_path(".wh.etc/passwd"), Error, says("'.wh.etc'"));
  BOOST_CHECK_NO_THROW(check_entry_path("usr/share/a.wh.b/.wh"));
  BOOST_CHECK_NO_THROW(check_entry_path(""));
}

BOOST_AUTO_TEST_CASE(only_file_capabilities_as_xattrs) {
  // cap_net_raw+ep: revision 2, effective, 20 bytes.
  const std::string net_raw = std::string("\x01\0\0\x02\0\x20\0\0", 8) + std::string(12, '\0');
  BOOST_CHECK_NO_THROW(check_xattrs({{"security.capability", net_raw}}));
  BOOST_CHECK_EXCEPTION(check_xattrs({{"security.capability", std::string("\x01\0\0\x02", 4)}}), Error,
                        says("security.capability is not a well-formed file capability (4 bytes, but revision 2 takes 20)"));
  BOOST_CHECK_EXCEPTION(check_xattrs({{"security.capability", "garbage"}}), Error, says("names no revision"));
  BOOST_CHECK_EXCEPTION(check_xattrs({{"trusted.overlay.opaque", "y"}}), Error,
                        says("extended attribute 'trusted.overlay.opaque' is not allowed (only security.capability)"));
  BOOST_CHECK_EXCEPTION(check_xattrs({{"user.x", ""}}), Error, says("'user.x'"));
}

BOOST_AUTO_TEST_CASE(devices_are_judged_where_they_land) {
  BOOST_CHECK_NO_THROW(check_device_location("dev/null"));
  BOOST_CHECK_EXCEPTION(check_device_location("usr/share/null"), Error, says("a device node outside /dev (it lands at /usr/share/null)"));
  BOOST_CHECK_EXCEPTION(check_device_location("devices/null"), Error, says("outside /dev"));
}

BOOST_AUTO_TEST_CASE(control_file_must_match_the_lock) {
  const PackageIdentity lock{"app", "1.0", "amd64"};
  BOOST_CHECK_NO_THROW(check_identity(lock, lock));
  BOOST_CHECK_EXCEPTION(check_identity({"base-files", "1.0", "amd64"}, lock), Error,
                        says("control file: Package is 'base-files', but the lock's stanza says 'app'"));
  BOOST_CHECK_EXCEPTION(check_identity({"app", "1.1", "amd64"}, lock), Error, says("Version is '1.1'"));
  BOOST_CHECK_EXCEPTION(check_identity({"app", "1.0", "all"}, lock), Error, says("Architecture is 'all'"));
}

BOOST_AUTO_TEST_CASE(tree_writer_reports_the_symlinks_it_follows) {
  TempDir dir;
  fs::create_directories(dir.path() / "root/usr/bin");
  fs::create_directories(dir.path() / "root/usr/share/real");
  fs::create_directory_symlink("usr/bin", dir.path() / "root/bin");
  fs::create_directory_symlink("real", dir.path() / "root/usr/share/link");
  TreeWriter tree(dir.path() / "root");
  BOOST_TEST(tree.parent_of("usr/share/real/x").links.empty());
  BOOST_TEST(tree.parent_of("bin/x").links == std::vector<std::string>{"bin"});
  BOOST_TEST(tree.parent_of("usr/share/link/x").links == std::vector<std::string>{"usr/share/link"});
  // From the cache: the same answer.
  BOOST_TEST(tree.parent_of("usr/share/link/y").links == std::vector<std::string>{"usr/share/link"});
}

BOOST_AUTO_TEST_SUITE_END()
