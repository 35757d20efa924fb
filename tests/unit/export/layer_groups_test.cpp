#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <set>

#include "export/layer_groups.h"

using namespace debimg;

namespace {

std::vector<std::string> names(const std::string& prefix, int count) {
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) out.push_back(prefix + std::to_string(i));
  return out;
}

std::set<std::string> members(const std::vector<std::vector<std::string>>& groups) {
  std::set<std::string> out;
  for (const auto& g : groups) out.insert(g.begin(), g.end());
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(layer_groups)

BOOST_AUTO_TEST_CASE(every_package_once_within_the_limit_essential_first) {
  const auto essential = names("ess", 60), others = names("lib", 30);
  const auto groups = group_packages(essential, others, {}, 9);
  BOOST_TEST(groups.size() <= 9u);
  size_t total = 0;
  for (const auto& g : groups) total += g.size();
  BOOST_TEST(total == 90u);
  BOOST_TEST(members(groups).size() == 90u);
  // No group mixes the two kinds, and every essential group comes first.
  bool seen_other = false;
  for (const auto& g : groups) {
    const bool ess = g.front().rfind("ess", 0) == 0;
    for (const auto& n : g) BOOST_TEST((n.rfind("ess", 0) == 0) == ess);
    if (!ess) seen_other = true;
    BOOST_TEST(!(ess && seen_other));
    BOOST_TEST(std::is_sorted(g.begin(), g.end()));
  }
  BOOST_TEST(seen_other);
}

BOOST_AUTO_TEST_CASE(dropping_a_package_changes_only_its_group) {
  auto essential = names("ess", 40), others = names("lib", 20);
  const auto before = group_packages(essential, others, {}, 8);
  others.erase(std::find(others.begin(), others.end(), "lib7"));
  const auto after = group_packages(essential, others, {}, 8);
  size_t changed = 0;
  for (const auto& g : before)
    if (std::find(after.begin(), after.end(), g) == after.end()) {
      ++changed;
      BOOST_TEST((std::find(g.begin(), g.end(), "lib7") != g.end()));
    }
  BOOST_TEST(changed == 1u);
}

BOOST_AUTO_TEST_CASE(one_layer_or_one_kind_spreads_everything_alike) {
  BOOST_TEST(group_packages(names("e", 5), names("o", 5), {}, 1).size() == 1u);
  const auto only_essential = group_packages(names("e", 50), {}, {}, 4);
  BOOST_TEST(only_essential.size() == 4u);  // 50 names over 4 groups: none empty
  BOOST_TEST(members(only_essential).size() == 50u);
  const auto two = group_packages(names("e", 5), names("o", 5), {}, 2);
  BOOST_TEST(two.size() == 2u);
  BOOST_TEST(two[0].front().front() == 'e');
  BOOST_TEST(two[1].front().front() == 'o');
}

// Architecture: all packages get groups of their own, last, that depend on
// them alone: two platforms with the same `all` packages and different
// arch-specific ones have the same shared groups (the same layers).
BOOST_AUTO_TEST_CASE(arch_independent_packages_group_alike_on_every_platform) {
  const auto shared = names("all", 12);
  const auto amd64 = group_packages(names("ess", 40), names("lib", 20), shared, 8);
  const auto arm64 = group_packages(names("ess", 41), names("armlib", 25), shared, 8);
  BOOST_TEST(amd64.size() <= 8u);
  auto shared_groups = [](const std::vector<std::vector<std::string>>& groups) {
    std::vector<std::vector<std::string>> out;
    for (const auto& g : groups) {
      const bool all = g.front().rfind("all", 0) == 0;
      for (const auto& n : g) BOOST_TEST((n.rfind("all", 0) == 0) == all);  // never mixed
      if (all) out.push_back(g);
      else BOOST_TEST(out.empty());  // the shared groups come last
    }
    return out;
  };
  const auto a = shared_groups(amd64), b = shared_groups(arm64);
  BOOST_TEST(a.size() == 2u);  // a quarter of 8
  BOOST_TEST((a == b));
  BOOST_TEST(members(a).size() == 12u);
  // Too few layers for a kind of their own: they join the others.
  BOOST_TEST(group_packages(names("ess", 4), {}, shared, 1).size() == 1u);
  BOOST_TEST(group_packages({}, {}, shared, 3).size() == 3u);
}

BOOST_AUTO_TEST_SUITE_END()
