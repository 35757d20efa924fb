#include "profile/package_spec.h"

#include <boost/test/unit_test.hpp>

#include "util/error.h"

using namespace debimg;

BOOST_AUTO_TEST_SUITE(package_spec)

BOOST_AUTO_TEST_CASE(forms) {
  BOOST_TEST(parse_package_spec("curl").name == "curl");
  PackageSpec v = parse_package_spec("tzdata=2024a-0+deb12u1");
  BOOST_TEST(v.name == "tzdata");
  BOOST_TEST(v.version == "2024a-0+deb12u1");
  PackageSpec s = parse_package_spec("curl/bookworm-backports");
  BOOST_TEST(s.suite == "bookworm-backports");
  PackageSpec a = parse_package_spec("libc6:arm64=1:2.36-9");
  BOOST_TEST(a.arch == "arm64");
  BOOST_TEST(a.version == "1:2.36-9");
  BOOST_TEST(a.str() == "libc6:arm64=1:2.36-9");
  BOOST_TEST(parse_package_spec("g++").name == "g++");
}

BOOST_AUTO_TEST_CASE(invalid) {
  BOOST_CHECK_THROW(parse_package_spec("Curl"), Error);
  BOOST_CHECK_THROW(parse_package_spec("c"), Error);
  BOOST_CHECK_THROW(parse_package_spec("curl="), Error);
  BOOST_CHECK_THROW(parse_package_spec("curl=latest"), Error);
  BOOST_CHECK_THROW(parse_package_spec("curl/"), Error);
  BOOST_CHECK_THROW(parse_package_spec("curl:"), Error);
  BOOST_CHECK_THROW(parse_package_spec("cu rl"), Error);
}

BOOST_AUTO_TEST_SUITE_END()
