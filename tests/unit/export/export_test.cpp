#include <boost/test/unit_test.hpp>

#include "configure/tree_scan.h"
#include "export/capabilities.h"
#include "export/oci_layout.h"

using namespace debimg;

BOOST_AUTO_TEST_SUITE(export_stage)

BOOST_AUTO_TEST_CASE(v3_capabilities_become_v2) {
  // cap_net_raw+ep as setcap writes it inside a user namespace (root id 100000).
  std::string v3("\x01\x00\x00\x03\x00\x20\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xa0\x86\x01\x00", 24);
  std::string v2 = capability_v2(v3);
  BOOST_TEST(v2.size() == 20u);
  BOOST_TEST(v2 == std::string("\x01\x00\x00\x02\x00\x20\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00", 20));
  BOOST_TEST(capability_v2(v2) == v2);  // v2 stays as it is
}

BOOST_AUTO_TEST_CASE(tar_order_is_parents_first_then_by_name) {
  std::vector<std::string> paths{"a.c", "a/b", "", "a", "b", "a/b/c", "a-"};
  std::sort(paths.begin(), paths.end(), tar_order_less);
  BOOST_TEST(paths == (std::vector<std::string>{"", "a", "a/b", "a/b/c", "a-", "a.c", "b"}));
}

BOOST_AUTO_TEST_CASE(created_is_rfc3339_utc) {
  BOOST_TEST(rfc3339(0) == "1970-01-01T00:00:00Z");
  BOOST_TEST(rfc3339(1795659286) == "2026-11-26T02:14:46Z");
}

BOOST_AUTO_TEST_SUITE_END()
