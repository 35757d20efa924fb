// tidy_tree and tidy_slim (finalize/tidy.h) on a tree in a temporary folder:
// what they remove, what they keep, and a hostile tree whose symlinks lead
// out of it.
#include "finalize/tidy.h"

#include <boost/test/unit_test.hpp>

#include "tree_fixture.h"

using namespace debimg;
using debimg::test::TreeFixture;

namespace {

using Listing = std::map<std::string, std::string>;

// `before` without `gone` (paths that must exist in it).
Listing without(Listing before, std::initializer_list<const char*> gone) {
  for (const char* path : gone) {
    BOOST_TEST_REQUIRE(before.count(path) == 1u, path);
    before.erase(path);
  }
  return before;
}

// Symlinks out of the tree where tidy and slim look, and what they lead to.
struct HostileTree : TreeFixture {
  HostileTree() {
    for (const char* name : {"pkgcache.bin", "srcpkgcache.bin", "eipp.log", "dpkg.log", "status-old",
                             "config.dat-old", "aux-cache", "machine-id", "lock", "Packages", "hello.deb",
                             "changelog.gz", "hello.1.gz", "dir", "hello.mo", "locale.alias"})
      put_at(outside, name, "canary");
    put_at(outside, "hello/changelog.gz", "canary");
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(tidy)

BOOST_FIXTURE_TEST_CASE(tidy_tree_removes_what_it_names_and_nothing_else, TreeFixture) {
  for (const char* f : {"var/log/dpkg.log", "var/log/alternatives.log", "var/log/bootstrap.log", "var/log/other.log",
                        "var/log/apt/eipp.log.xz", "var/log/apt/history.log", "var/log/apt/sub/keep",
                        "var/cache/ldconfig/aux-cache", "var/cache/ldconfig/other", "var/lib/dbus/machine-id",
                        "var/cache/apt/pkgcache.bin", "var/cache/apt/srcpkgcache.bin", "var/cache/apt/archives/a.deb",
                        "var/cache/debconf/config.dat", "var/cache/debconf/config.dat-old", "var/lib/dpkg/status",
                        "var/lib/dpkg/status-old", "var/lib/dpkg/diversions-old", "var/lib/dpkg/info/x.list-old",
                        "etc/hostname", "etc/passwd-"})
    put(f);
  put("etc/machine-id", "0123456789abcdef0123456789abcdef\n");
  const Listing before = listing();
  tidy_tree(root.get());
  Listing expected = without(before, {"var/log/dpkg.log", "var/log/alternatives.log", "var/log/bootstrap.log",
                                      "var/log/apt/eipp.log.xz", "var/log/apt/history.log", "var/cache/ldconfig/aux-cache",
                                      "var/lib/dbus/machine-id", "var/cache/apt/pkgcache.bin",
                                      "var/cache/apt/srcpkgcache.bin", "var/cache/debconf/config.dat-old",
                                      "var/lib/dpkg/status-old", "var/lib/dpkg/diversions-old"});
  expected["etc/machine-id"] = "";  // emptied, not removed
  BOOST_TEST(listing() == expected, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(tidy_tree_makes_no_machine_id, TreeFixture) {
  put("etc/hostname");
  tidy_tree(root.get());  // none of its files there: nothing to do, nothing made
  BOOST_TEST(listing() == (Listing{{"etc", "dir"}, {"etc/hostname", "x"}}), boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(tidy_tree_follows_no_symlink_out, HostileTree) {
  link("var/log", outside);
  link("var/cache/apt", outside);
  link("var/cache/ldconfig", "../../../outside");  // where it leads from the tree's real folder
  link("var/cache/debconf", outside);
  link("var/lib/dpkg", "../../../outside");
  link("var/lib/dbus", outside);
  link("etc/machine-id", outside / "machine-id");
  const Listing tree_before = listing(), outside_before = listing(outside);
  tidy_tree(root.get());
  BOOST_TEST(listing(outside) == outside_before, boost::test_tools::per_element());
  BOOST_TEST(listing() == tree_before, boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(slim_docs_keeps_the_copyright, TreeFixture) {
  for (const char* f : {"usr/share/doc/hello/copyright", "usr/share/doc/hello/changelog.gz", "usr/share/doc/hello/README",
                        "usr/share/doc/hello/examples/hello.c", "usr/share/man/man1/hello.1.gz", "usr/share/info/dir",
                        "usr/share/locale/de/LC_MESSAGES/hello.mo", "usr/share/doc-base/hello", "usr/bin/hello"})
    put(f);
  link("usr/share/doc/libhello", "hello");  // a package's doc folder as a link: it stays, as dpkg keeps it
  link("usr/share/doc/hello/FAQ", "README");  // it would dangle
  const Listing before = listing();
  tidy_slim(root.get(), {"docs"});
  BOOST_TEST(listing() == without(before, {"usr/share/doc/hello/changelog.gz", "usr/share/doc/hello/README",
                                           "usr/share/doc/hello/FAQ", "usr/share/doc/hello/examples/hello.c"}),
             boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(slim_man_info_and_locales, TreeFixture) {
  for (const char* f : {"usr/share/man/man1/hello.1.gz", "usr/share/man/de/man1/hello.1.gz", "usr/share/info/dir",
                        "usr/share/info/hello.info.gz", "usr/share/locale/locale.alias",
                        "usr/share/locale/de/LC_MESSAGES/hello.mo", "usr/share/doc/hello/changelog.gz",
                        "usr/share/hello/data", "usr/lib/locale/C.utf8/LC_CTYPE"})
    put(f);
  link("usr/share/man/man1/hi.1.gz", "hello.1.gz");
  const Listing before = listing();
  tidy_slim(root.get(), {"man"});
  const Listing no_man =
      without(before, {"usr/share/man/man1/hello.1.gz", "usr/share/man/de/man1/hello.1.gz", "usr/share/man/man1/hi.1.gz"});
  BOOST_TEST(listing() == no_man, boost::test_tools::per_element());  // the folders stay
  tidy_slim(root.get(), {"info", "locales"});
  BOOST_TEST(listing() == without(no_man, {"usr/share/info/dir", "usr/share/info/hello.info.gz",
                                           "usr/share/locale/de/LC_MESSAGES/hello.mo"}),
             boost::test_tools::per_element());
}

// What a postinst's update-alternatives left in the skeleton slim kept: its
// man page link goes, the folders (empty ones too) stay for the next install.
BOOST_FIXTURE_TEST_CASE(slim_keeps_the_folders_scripts_wrote_into, TreeFixture) {
  for (const char* d : {"usr/share/man/man1", "usr/share/man/ja/man1", "usr/share/info", "usr/share/locale/de/LC_MESSAGES"})
    dir(d);
  link("usr/share/man/man1/java.1.gz", "/etc/alternatives/java.1.gz");
  link("etc/alternatives/java.1.gz", "/usr/lib/jvm/java-17/man/man1/java.1.gz");
  put("usr/lib/jvm/java-17/man/man1/java.1.gz");
  put("usr/share/info/dir");
  const Listing before = listing();
  tidy_slim(root.get(), {"docs", "man", "info", "locales"});
  BOOST_TEST(listing() == without(before, {"usr/share/man/man1/java.1.gz", "usr/share/info/dir"}),
             boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(slim_apt_lists_and_caches_empty_the_folders, TreeFixture) {
  for (const char* f : {"var/lib/apt/lists/deb_dists_stable_InRelease", "var/lib/apt/lists/deb_dists_stable_main_Packages.lz4",
                        "var/lib/apt/lists/lock", "var/lib/apt/lists/partial/x", "var/lib/apt/lists/auxfiles/keep",
                        "var/lib/apt/extended_states", "var/cache/apt/pkgcache.bin", "var/cache/apt/srcpkgcache.bin",
                        "var/cache/apt/archives/hello.deb", "var/cache/apt/archives/lock",
                        "var/cache/apt/archives/partial/y.deb", "var/cache/debconf/config.dat"})
    put(f);
  const Listing before = listing();
  tidy_slim(root.get(), {"docs", "man"});  // not these kinds: untouched
  BOOST_TEST(listing() == before, boost::test_tools::per_element());
  tidy_slim(root.get(), {"caches"});
  const Listing no_caches = without(before, {"var/cache/apt/pkgcache.bin", "var/cache/apt/srcpkgcache.bin",
                                             "var/cache/apt/archives/hello.deb", "var/cache/apt/archives/partial/y.deb"});
  BOOST_TEST(listing() == no_caches, boost::test_tools::per_element());
  tidy_slim(root.get(), {"apt-lists"});
  BOOST_TEST(listing() == without(no_caches, {"var/lib/apt/lists/deb_dists_stable_InRelease",
                                              "var/lib/apt/lists/deb_dists_stable_main_Packages.lz4",
                                              "var/lib/apt/lists/lock", "var/lib/apt/lists/partial/x"}),
             boost::test_tools::per_element());
}

BOOST_FIXTURE_TEST_CASE(slim_follows_no_symlink_out, HostileTree) {
  link("usr/share/doc", outside);
  link("usr/share/man/man1", outside);
  link("usr/share/info", "../../../outside");
  link("usr/share/locale/de", "../../../../outside");
  link("var/lib/apt/lists", outside);
  link("var/cache/apt/archives", "../../../../outside");
  put("var/cache/apt/pkgcache.bin");
  const Listing before = listing(), outside_before = listing(outside);
  tidy_slim(root.get(), {"docs", "man", "info", "locales", "apt-lists", "caches"});
  BOOST_TEST(listing(outside) == outside_before, boost::test_tools::per_element());
  // Excluded entries and the files of var/cache/apt go: the links themselves, not what they name.
  BOOST_TEST(listing() == without(before, {"usr/share/man/man1", "usr/share/locale/de", "var/cache/apt/pkgcache.bin",
                                           "var/cache/apt/archives"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
