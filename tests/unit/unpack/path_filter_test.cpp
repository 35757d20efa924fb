#include <boost/test/unit_test.hpp>

#include "unpack/path_filter.h"

using namespace debimg;

BOOST_AUTO_TEST_SUITE(path_filter)

BOOST_AUTO_TEST_CASE(slim_docs_keep_copyright_and_the_directories_holding_it) {
  PathFilter f = PathFilter::for_slim({"docs"});
  BOOST_TEST(f.skip("/usr/share/doc/bash/README", EntryType::file));
  BOOST_TEST(f.skip("/usr/share/doc/bash/changelog.Debian.gz", EntryType::file));
  BOOST_TEST(!f.skip("/usr/share/doc/bash/copyright", EntryType::file));
  BOOST_TEST(!f.skip("/usr/share/doc/bash", EntryType::directory));
  BOOST_TEST(!f.skip("/usr/share/doc/libfoo1", EntryType::symlink));  // a link to another package's folder
  BOOST_TEST(f.skip("/usr/share/doc/base-files/FAQ", EntryType::symlink));  // -> README: it would dangle
  BOOST_TEST(!f.skip("/usr/share/doc/base-files/copyright", EntryType::symlink));
  BOOST_TEST(!f.skip("/usr/share/doc", EntryType::directory));
  BOOST_TEST(!f.skip("/usr/bin/bash", EntryType::file));
}

BOOST_AUTO_TEST_CASE(the_last_matching_rule_wins_and_star_crosses_slashes) {
  PathFilter f;
  f.add("/opt/*", false);
  f.add("/opt/keep/*", true);
  f.add("/opt/keep/drop", false);
  BOOST_TEST(f.skip("/opt/a/b/c", EntryType::file));
  BOOST_TEST(!f.skip("/opt/keep/x/y", EntryType::file));
  BOOST_TEST(f.skip("/opt/keep/drop", EntryType::file));
  BOOST_TEST(f.skip("/opt/other", EntryType::directory));  // no include starts with it
}

BOOST_AUTO_TEST_CASE(man_info_locales_and_the_dpkg_configuration) {
  PathFilter f = PathFilter::for_slim({"man", "info", "locales", "apt-lists"});
  BOOST_TEST(f.skip("/usr/share/man/man1/ls.1.gz", EntryType::file));
  BOOST_TEST(f.skip("/usr/share/man/man1/dir.1.gz", EntryType::symlink));  // an alias page: it would dangle
  BOOST_TEST(f.skip("/usr/share/info/dir", EntryType::file));
  BOOST_TEST(f.skip("/usr/share/locale/de/LC_MESSAGES/dpkg.mo", EntryType::file));
  BOOST_TEST(!f.skip("/usr/share/locale/locale.alias", EntryType::file));
  BOOST_TEST(!f.skip("/usr/lib/locale/C.utf8/LC_CTYPE", EntryType::file));
  BOOST_TEST(f.dpkg_config() ==
             "path-exclude=/usr/share/man/*\npath-exclude=/usr/share/info/*\npath-exclude=/usr/share/locale/*\n"
             "path-include=/usr/share/locale/locale.alias\n");
  BOOST_TEST(PathFilter::for_slim({"caches"}).empty());
}

// update-alternatives makes its man page links in man1/ (openjdk's postinst):
// the folders stay, only what they hold goes.
BOOST_AUTO_TEST_CASE(slim_keeps_the_folder_skeleton) {
  PathFilter f = PathFilter::for_slim({"docs", "man", "info", "locales"});
  for (const char* dir : {"/usr/share/man/man1", "/usr/share/man/de", "/usr/share/man/de/man8", "/usr/share/info",
                          "/usr/share/locale/de", "/usr/share/locale/de/LC_MESSAGES", "/usr/share/doc/bash/examples"})
    BOOST_TEST(!f.skip(dir, EntryType::directory), dir);
  BOOST_TEST(f.skip("/usr/share/man/de/man8/x.8.gz", EntryType::file));
  BOOST_TEST(f.skip("/usr/share/locale/de/LC_MESSAGES/x.mo", EntryType::symlink));
  BOOST_TEST(f.skip("/usr/share/doc/bash/examples/loadables", EntryType::file));
  // The same rules with dpkg's meaning, as they go into the image: dpkg drops such folders.
  PathFilter dpkg;
  dpkg.add("/usr/share/man/*", false);
  BOOST_TEST(dpkg.skip("/usr/share/man/man1", EntryType::directory));
}

BOOST_AUTO_TEST_SUITE_END()
