#include "util/cache.h"

#include <boost/test/unit_test.hpp>

#include "util/error.h"
#include "util/files.h"

using namespace debimg;
namespace fs = std::filesystem;

BOOST_AUTO_TEST_SUITE(cache_paths)

// The attack that worked: a "SHA-256" of `../` padded to 64 characters made
// find_verified remove the file it led to as a damaged entry.
BOOST_AUTO_TEST_CASE(no_path_is_made_of_anything_but_a_sha256) {
  TempDir work;
  Cache cache(work.path() / "cache");
  const fs::path victim = work.path() / "victim";
  write_file_atomic(victim, "precious");
  std::string traversal = "../../victim";
  traversal.insert(0, 64 - traversal.size(), '/');
  BOOST_REQUIRE(traversal.size() == 64u);
  BOOST_CHECK_THROW(cache.find_verified(traversal, 3), Error);
  BOOST_CHECK_THROW(cache.blob_path("./" + traversal.substr(2)), Error);
  BOOST_CHECK_THROW(cache.blob_path(std::string(64, 'A')), Error);
  BOOST_CHECK_THROW(cache.adopt(victim, traversal), Error);
  BOOST_TEST(read_file(victim) == "precious");
  const std::string sha(64, 'a');
  BOOST_TEST(cache.blob_path(sha) == cache.root() / "sha256" / "aa" / sha);
  BOOST_TEST(!cache.find_verified(sha, 1));
}

BOOST_AUTO_TEST_CASE(state_paths_stay_below_state) {
  TempDir work;
  Cache cache(work.path());
  BOOST_TEST(cache.state_path("data-tar/x") == cache.root() / "state" / "data-tar" / "x");
  for (const char* bad : {"", "/etc/passwd", "../x", "a/../../x", "a/./b", "a//b", "a/", ".", ".."})
    BOOST_CHECK_THROW(cache.state_path(bad), Error);
}

BOOST_AUTO_TEST_SUITE_END()
