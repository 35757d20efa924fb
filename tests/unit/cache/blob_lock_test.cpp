// One process of several sharing a cache fetches a blob: while one holds its
// lock, another cannot take it; once released, the lock file is gone and the
// next taker gets a fresh one.
#include "cache/cache.h"

#include <boost/test/unit_test.hpp>

#include "util/error.h"
#include "util/files.h"

using namespace debimg;
namespace fs = std::filesystem;

BOOST_AUTO_TEST_SUITE(blob_lock)

BOOST_AUTO_TEST_CASE(a_held_blob_cannot_be_taken_twice) {
  TempDir work;
  const Cache cache(work.path() / "cache");
  const std::string sha(64, 'a');
  {
    const std::optional<BlobLock> first = cache.try_lock_blob(sha);
    BOOST_REQUIRE(first);
    BOOST_TEST(fs::exists(cache.scratch() / ("blob-" + sha + ".lock")));
    BOOST_TEST(!cache.try_lock_blob(sha));                // another open file description: refused
    BOOST_TEST(bool(cache.try_lock_blob(std::string(64, 'b'))));  // another blob: free
  }
  BOOST_TEST(!fs::exists(cache.scratch() / ("blob-" + sha + ".lock")));  // released: removed
  const BlobLock again = cache.lock_blob(sha);                            // no wait now
  BOOST_CHECK_THROW(cache.try_lock_blob("../../etc/passwd"), Error);     // no path of anything but a SHA-256
}

BOOST_AUTO_TEST_SUITE_END()
