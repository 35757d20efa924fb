#include "unpack/data_tar_cache.h"

#include <boost/test/unit_test.hpp>

#include "util/files.h"

using namespace debimg;
namespace fs = std::filesystem;

BOOST_AUTO_TEST_SUITE(data_tar_cache)

// The attack that worked: pointing one package's state entry at another
// package's copy made a SHA256-pinned package unpack the other's contents.
BOOST_AUTO_TEST_CASE(a_copy_is_used_only_for_the_deb_it_was_made_from) {
  TempDir work;
  Cache cache(work.path());
  DataTarCache copies(cache);
  const std::string a(64, 'a'), b(64, 'b');
  auto writer = copies.writer(a);
  writer->write("tar bytes", 9);
  writer->keep();
  auto found = copies.find(a);
  BOOST_REQUIRE(found.has_value());
  BOOST_TEST(!copies.find(b));

  // b's state names a's copy, with b as its source: the copy's own frame says a.
  std::string record = cache.read_state(DataTarCache::state_name(a)).value();
  record.replace(record.rfind(a), a.size(), b);
  write_file_atomic(cache.state_path(DataTarCache::state_name(b)), record);
  BOOST_TEST(!copies.find(b));
  // The record copied as it is: its source field says a, not b.
  write_file_atomic(cache.state_path(DataTarCache::state_name(b)), cache.read_state(DataTarCache::state_name(a)).value());
  BOOST_TEST(!copies.find(b));
  // An old record without a source is made again.
  write_file_atomic(cache.state_path(DataTarCache::state_name(a)), record.substr(0, record.rfind(' ')) + "\n");
  BOOST_TEST(!copies.find(a));
}

BOOST_AUTO_TEST_SUITE_END()
