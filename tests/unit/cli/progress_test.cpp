#include "cli/progress.h"

#include <boost/test/unit_test.hpp>

using namespace debimg;

BOOST_AUTO_TEST_SUITE(progress)

BOOST_AUTO_TEST_CASE(bytes_read_as_people_read_them) {
  BOOST_TEST(human_bytes(0) == "0 B");
  BOOST_TEST(human_bytes(999) == "999 B");  // not "0 MB" (the complaint)
  BOOST_TEST(human_bytes(1500) == "1.5 kB");
  BOOST_TEST(human_bytes(4500000) == "4.5 MB");
  BOOST_TEST(human_bytes(1200000000) == "1.2 GB");
}

BOOST_AUTO_TEST_CASE(a_stage_line_has_counts_bytes_and_the_current_package) {
  TerminalProgress quiet(Verbosity::quiet, false);
  BOOST_TEST(quiet.progress_line(Stage::fetch, Progress{12, 82, 3400000, ""}) == "fetch: 12/82 packages, 3.4 MB");
  BOOST_TEST(quiet.progress_line(Stage::configure, Progress{5, 82, 0, "libc6:amd64"}) ==
             "configure: 5/82 packages, libc6:amd64");
  BOOST_TEST(quiet.progress_line(Stage::push, Progress{0, 0, 0, "uploading sha256:abc"}) == "push: uploading sha256:abc");
}

BOOST_AUTO_TEST_SUITE_END()
