// Id maps for the build namespace and the sandbox (configure/id_map.h,
// configure/tree_owner.h), from subuid/subgid files of the test's own.
#include <boost/test/unit_test.hpp>
#include <unistd.h>

#include "configure/id_map.h"
#include "configure/tree_owner.h"
#include "util/error.h"
#include "util/files.h"

using namespace debimg;

namespace {

struct SubIds {
  TempDir dir;
  std::filesystem::path uid = dir.path() / "subuid", gid = dir.path() / "subgid";
  SubIds(const std::string& uids, const std::string& gids) {
    write_file_atomic(uid, uids);
    write_file_atomic(gid, gids);
  }
};

bool says(const Error& e, const std::string& part) { return std::string(e.what()).find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(id_map)

BOOST_AUTO_TEST_CASE(root_scripts_get_roots_range_never_host_root) {
  if (::getuid() != 0) return;  // detect_id_map reads the caller's uid
  SubIds own("someone:100000:65536\nroot:300000:65536\n", "root:400000:65536\n");
  IdMap m = detect_id_map(own.uid, own.gid);
  BOOST_TEST(m.identity);
  BOOST_TEST(m.sandbox_uid_base == 300000u);
  BOOST_TEST(m.sandbox_gid_base == 400000u);
  SubIds none("someone:100000:65536\n", "");
  m = detect_id_map(none.uid, none.gid);
  BOOST_TEST(m.sandbox_uid_base == kFixedRangeStart);
  BOOST_TEST(m.sandbox_gid_base == kFixedRangeStart);
}

// A root range that starts among the host's real ids is refused.
BOOST_AUTO_TEST_CASE(a_root_range_below_65536_is_refused) {
  if (::getuid() != 0) return;
  SubIds low("root:1000:65536\n", "root:400000:65536\n");
  BOOST_CHECK_EXCEPTION(detect_id_map(low.uid, low.gid), Error, [&](const Error& e) {
    return says(e, "root's subordinate range in " + low.uid.string() + " starts at 1000, below 65536");
  });
  SubIds low_gid("root:300000:65536\n", "root:0:65536\n");
  BOOST_CHECK_EXCEPTION(detect_id_map(low_gid.uid, low_gid.gid), Error,
                        [&](const Error& e) { return says(e, low_gid.gid.string() + " starts at 0, below 65536"); });
}

BOOST_AUTO_TEST_CASE(the_fixed_range_may_not_overlap_a_given_range) {
  if (::getuid() != 0) return;
  SubIds clash("someone:" + std::to_string(kFixedRangeStart + 1000) + ":65536\n", "");
  BOOST_CHECK_EXCEPTION(detect_id_map(clash.uid, clash.gid), Error,
                        [&](const Error& e) { return says(e, clash.uid.string() + ":1 (someone)") && says(e, "root:"); });
}

BOOST_AUTO_TEST_CASE(owners_map_back_from_the_scripts_range) {
  IdMap m;
  m.sandbox_uid_base = 300000;
  m.sandbox_gid_base = 400000;
  BOOST_TEST(inner_uid(m, 300000) == 0u);
  BOOST_TEST(inner_uid(m, 300000 + 65534) == 65534u);
  BOOST_TEST(inner_gid(m, 400042) == 42u);
  // What debimg or a host-side hook wrote keeps its id.
  BOOST_TEST(inner_uid(m, 0) == 0u);
  BOOST_TEST(inner_uid(m, 1000) == 1000u);
  BOOST_TEST(inner_uid(m, 300000 + 65536) == 365536u);
}

BOOST_AUTO_TEST_SUITE_END()
