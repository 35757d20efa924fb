// diff_packages and change_line (diff/package_diff.h).
#include "diff/package_diff.h"

#include <boost/test/unit_test.hpp>

using namespace debimg;

namespace {

ResolvedPackage pkg(const std::string& name, const std::string& version, const std::string& arch = "amd64") {
  ResolvedPackage p;
  p.name = name;
  p.version = version;
  p.architecture = arch;
  return p;
}

std::vector<std::string> lines(const std::vector<PackageChange>& changes) {
  std::vector<std::string> out;
  for (const auto& c : changes) out.push_back(change_line(c));
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(package_diff)

BOOST_AUTO_TEST_CASE(added_removed_and_changed_in_name_order) {
  const std::vector<ResolvedPackage> before{pkg("zlib1g", "1:1.2.13.dfsg-1"), pkg("bash", "5.2.15-2+b2"),
                                            pkg("libssl3", "3.0.11-1~deb12u2"), pkg("tzdata", "2024a-0+deb12u1", "all"),
                                            pkg("mawk", "1.3.4.20200120-3.1")};
  const std::vector<ResolvedPackage> after{pkg("bash", "5.2.15-2+b2"), pkg("libssl3", "3.0.15-1~deb12u1"),
                                           pkg("zlib1g", "1:1.2.13.dfsg-1"), pkg("tzdata", "2024a-0+deb12u1", "amd64"),
                                           pkg("ca-certificates", "20230311", "all")};
  BOOST_TEST((lines(diff_packages(before, after)) ==
              std::vector<std::string>{"+ ca-certificates 20230311 (all)", "~ libssl3 3.0.11-1~deb12u2 -> 3.0.15-1~deb12u1 (amd64)",
                                       "- mawk 1.3.4.20200120-3.1 (amd64)",
                                       "~ tzdata 2024a-0+deb12u1 -> 2024a-0+deb12u1 (all -> amd64)"}));
}

BOOST_AUTO_TEST_CASE(the_same_set_in_another_order_is_no_change) {
  BOOST_TEST(diff_packages({pkg("a", "1"), pkg("b", "2")}, {pkg("b", "2"), pkg("a", "1")}).empty());
  BOOST_TEST(diff_packages({}, {}).empty());
  BOOST_TEST((lines(diff_packages({}, {pkg("a", "1")})) == std::vector<std::string>{"+ a 1 (amd64)"}));
}

BOOST_AUTO_TEST_SUITE_END()
