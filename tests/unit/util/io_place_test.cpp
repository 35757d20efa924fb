// I/O errors name the file and the place it lies in (the longest registered
// folder that holds it), with what to do when the place is full.
#include "util/io_place.h"

#include <fcntl.h>

#include <boost/test/unit_test.hpp>

#include "util/error.h"
#include "util/fd.h"
#include "util/files.h"

using namespace debimg;
namespace fs = std::filesystem;

BOOST_AUTO_TEST_SUITE(io_place)

BOOST_AUTO_TEST_CASE(the_longest_registered_folder_names_the_place) {
  register_place("/srv/io-place-test/cache", Place::cache);
  register_place("/srv/io-place-test/cache/tmp/", Place::temporary);
  register_place("/srv/io-place-test/out.tar", Place::output);
  BOOST_TEST(place_of("/srv/io-place-test/cache/sha256/ab/x") == "the cache");
  BOOST_TEST(place_of("/srv/io-place-test/cache/tmp/deb-1") == "a temporary folder in the cache");
  BOOST_TEST(place_of("/srv/io-place-test/cache/tmpfoo") == "the cache");  // a sibling, not tmp/
  BOOST_TEST(place_of("/srv/io-place-test/out.tar") == "the output");
  BOOST_TEST(place_of("/srv/io-place-test/elsewhere").empty());
}

BOOST_AUTO_TEST_CASE(a_full_place_says_what_to_do) {
  register_place("/srv/io-place-test/o", Place::output);
  BOOST_TEST(io_failure("write", "/srv/io-place-test/o/x", ENOSPC) ==
             "cannot write /srv/io-place-test/o/x (the output): No space left on device: free space there or write the "
             "output elsewhere (-o)");
  BOOST_TEST(io_failure("write", "/nowhere/x", EFBIG).find("(ulimit -f)") != std::string::npos);
  BOOST_TEST(io_failure("write", "/nowhere/x", EACCES) == "cannot write /nowhere/x: Permission denied");
}

BOOST_AUTO_TEST_CASE(a_write_to_a_full_device_names_its_file) {
  UniqueFd full(::open("/dev/full", O_WRONLY | O_CLOEXEC));
  BOOST_REQUIRE(full);
  BOOST_CHECK_EXCEPTION(write_all(full.get(), "x", 1, "the layer"), Error, [](const Error& e) {
    return std::string(e.what()) == "cannot write the layer to /dev/full: No space left on device: free space there";
  });
}

BOOST_AUTO_TEST_SUITE_END()
