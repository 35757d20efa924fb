// why_chain (`debimg lock --why`): a shortest path from a root to the
// package, on resolutions built by hand and by the resolver.
#include <boost/test/unit_test.hpp>

#include "archive_fixture.h"
#include "resolve/resolution.h"
#include "util/error.h"

using namespace debimg;

namespace {

using Chain = std::vector<std::string>;

bool says(const Error& e, const std::string& part) { return std::string(e.what()).find(part) != std::string::npos; }

}  // namespace

BOOST_AUTO_TEST_SUITE(why_chain_paths)

BOOST_AUTO_TEST_CASE(the_shortest_path_from_any_root) {
  Resolution r;
  r.roots = {{"app", "listed in packages"}, {"base", "Essential: yes"}};
  r.depends = {{"app", {"libx", "tool"}}, {"libx", {"liby"}}, {"liby", {"libz"}}, {"tool", {"libz"}},
               {"libz", {}}, {"base", {"libc"}}, {"libc", {}}, {"orphan", {"libc"}}};
  BOOST_TEST(why_chain(r, "libz") == (Chain{"app", "tool", "libz"}), boost::test_tools::per_element());
  BOOST_TEST(why_chain(r, "liby") == (Chain{"app", "libx", "liby"}), boost::test_tools::per_element());
  BOOST_TEST(why_chain(r, "libc") == (Chain{"base", "libc"}), boost::test_tools::per_element());
  BOOST_TEST(why_chain(r, "base") == Chain{"base"}, boost::test_tools::per_element());

  // A root reached from another root is still its own reason.
  r.depends["app"].push_back("base");
  BOOST_TEST(why_chain(r, "base") == Chain{"base"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(packages_outside_the_set_or_out_of_reach) {
  Resolution r;
  r.roots = {{"app", "listed in packages"}};
  r.depends = {{"app", {}}, {"orphan", {}}};
  BOOST_CHECK_EXCEPTION(why_chain(r, "absent"), Error,
                        [](const Error& e) { return says(e, "'absent' is not in the resolved package set"); });
  BOOST_CHECK_EXCEPTION(why_chain(r, "orphan"), Error,
                        [](const Error& e) { return says(e, "no dependency path leads to 'orphan'"); });
}

BOOST_AUTO_TEST_CASE(chains_of_a_real_resolution) {
  test::ArchiveFixture f;
  f.add_suite("stable", test::stable_packages());
  f.profile.packages = {{"webapp", "", "", ""}};
  Resolution r = f.resolve();
  BOOST_TEST(why_chain(r, "mail-a") == (Chain{"webapp", "mailer", "mail-a"}), boost::test_tools::per_element());
  // libc6 is needed by dash and by hello: dash is a root, the shorter way.
  BOOST_TEST(why_chain(r, "libc6") == (Chain{"dash", "libc6"}), boost::test_tools::per_element());
  BOOST_TEST(why_chain(r, "usr-is-merged") == Chain{"usr-is-merged"}, boost::test_tools::per_element());
  BOOST_CHECK_THROW(why_chain(r, "mail-b"), Error);
}

BOOST_AUTO_TEST_SUITE_END()
