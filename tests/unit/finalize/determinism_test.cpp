// make_reproducible (finalize/determinism.h): shadow's "last changed" days
// clamped to SOURCE_DATE_EPOCH's day, /tmp and /run emptied, nothing else
// touched, and no symlink of a hostile tree followed.
#include "finalize/determinism.h"

#include <sys/stat.h>

#include <boost/test/unit_test.hpp>

#include "tree_fixture.h"

using namespace debimg;
using debimg::test::TreeFixture;

namespace {

constexpr int64_t kDay = 19000;
constexpr int64_t kEpoch = kDay * 86400 + 3600;  // an hour into that day

const std::string kShadow =
    "root:*:19500:0:99999:7:::\n"           // later than the epoch's day: clamped
    "daemon:*:18000:0:99999:7:::\n"         // earlier: kept
    "same:*:19000:0:99999:7:::\n"
    "nolast:!::0:99999:7:::\n"              // no date
    "garbage:x:soon:0:::::\n"               // not a number
    "short\n";
const std::string kClamped =
    "root:*:19000:0:99999:7:::\n"
    "daemon:*:18000:0:99999:7:::\n"
    "same:*:19000:0:99999:7:::\n"
    "nolast:!::0:99999:7:::\n"
    "garbage:x:soon:0:::::\n"
    "short\n";

struct stat stat_of(const std::filesystem::path& p) {
  struct stat st {};
  BOOST_REQUIRE(::lstat(p.c_str(), &st) == 0);
  return st;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(determinism)

BOOST_FIXTURE_TEST_CASE(shadow_dates_are_clamped_in_place, TreeFixture) {
  put("etc/shadow", kShadow, 0640);
  put("etc/shadow-", kShadow, 0600);
  put("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
  put("etc/gshadow", "root:*::\n", 0640);
  const struct stat before = stat_of(tree / "etc/shadow");
  make_reproducible(root.get(), kEpoch);
  BOOST_TEST(read_file(tree / "etc/shadow") == kClamped);
  BOOST_TEST(read_file(tree / "etc/shadow-") == kClamped);
  const struct stat after = stat_of(tree / "etc/shadow");
  BOOST_TEST(after.st_ino == before.st_ino);  // rewritten in place: owner and mode stay
  BOOST_TEST((after.st_mode & 07777) == 0640u);
  BOOST_TEST((stat_of(tree / "etc/shadow-").st_mode & 07777) == 0600u);
  BOOST_TEST(read_file(tree / "etc/passwd") == "root:x:0:0:root:/root:/bin/sh\n");
  BOOST_TEST(read_file(tree / "etc/gshadow") == "root:*::\n");

  // Already clamped: left as it is, not rewritten.
  const struct timespec old[2] = {{1000000000, 0}, {1000000000, 0}};
  BOOST_REQUIRE(::utimensat(AT_FDCWD, (tree / "etc/shadow").c_str(), old, AT_SYMLINK_NOFOLLOW) == 0);
  make_reproducible(root.get(), kEpoch);
  BOOST_TEST(stat_of(tree / "etc/shadow").st_mtim.tv_sec == 1000000000);
  BOOST_TEST(read_file(tree / "etc/shadow") == kClamped);
}

BOOST_FIXTURE_TEST_CASE(tmp_and_run_are_emptied_and_stay, TreeFixture) {
  for (const char* f : {"tmp/a", "tmp/.X11-unix/X0", "tmp/sub/deep/file", "run/lock/x", "run/systemd/state",
                        "var/tmp/keep", "etc/hostname", "srv/tmp/keep"})
    put(f);
  link("tmp/link", "a");
  dir("run/empty");
  BOOST_REQUIRE(::chmod((tree / "tmp").c_str(), 01777) == 0);
  make_reproducible(root.get(), kEpoch);
  BOOST_TEST(listing() == (std::map<std::string, std::string>{{"etc", "dir"}, {"etc/hostname", "x"}, {"run", "dir"},
                                                               {"srv", "dir"}, {"srv/tmp", "dir"}, {"srv/tmp/keep", "x"},
                                                               {"tmp", "dir"}, {"var", "dir"}, {"var/tmp", "dir"},
                                                               {"var/tmp/keep", "x"}}),
             boost::test_tools::per_element());
  BOOST_TEST((stat_of(tree / "tmp").st_mode & 07777) == 01777u);

  make_reproducible(TreeFixture().root.get(), kEpoch);  // a tree without any of them: nothing to do
}

BOOST_FIXTURE_TEST_CASE(follows_no_symlink_out, TreeFixture) {
  put_at(outside, "shadow", kShadow);
  put_at(outside, "canary", "canary");
  put_at(outside, "sub/canary", "canary");
  link("etc/shadow", outside / "shadow");
  link("etc/shadow-", "../../outside/shadow");  // where it leads from the tree's real folder
  link("run", outside);
  link("tmp/abs", outside);
  link("tmp/rel", "../../outside");
  link("tmp/file", outside / "canary");
  const auto outside_before = listing(outside);
  make_reproducible(root.get(), kEpoch);
  BOOST_TEST(listing(outside) == outside_before, boost::test_tools::per_element());
  // The links in /tmp went (themselves), /run and the shadow links stay as they were.
  BOOST_TEST(listing() == (std::map<std::string, std::string>{{"etc", "dir"},
                                                               {"etc/shadow", "-> " + (outside / "shadow").string()},
                                                               {"etc/shadow-", "-> ../../outside/shadow"},
                                                               {"run", "-> " + outside.string()},
                                                               {"tmp", "dir"}}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
