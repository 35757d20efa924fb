// Inputs the profile fuzzer (tests/fuzz) reached: each one a clean Error.
#include <boost/test/unit_test.hpp>

#include "profile/profile_parser.h"
#include "util/error.h"

using namespace debimg;

namespace {
bool says(const Error& e, const std::string& words) { return std::string(e.what()).find(words) != std::string::npos; }
}  // namespace

BOOST_AUTO_TEST_SUITE(profile_limits)

// std::regex recursed once per character of these and overflowed the stack.
BOOST_AUTO_TEST_CASE(very_long_strings_are_refused_not_matched) {
  const std::string long_name(200000, 'a');
  BOOST_CHECK_EXCEPTION(parse_profile("p.yaml", "name: " + long_name + "\nsources:\n  - suites: [x]\n", "amd64"), Error,
                        [](const Error& e) { return says(e, "is not a valid name"); });
  BOOST_CHECK_EXCEPTION(
      parse_profile("p.yaml", "name: a\nsources:\n  - suites: [x]\n    uris: http://" + long_name + "\n", "amd64"), Error,
      [](const Error& e) { return says(e, "is not an http://, https:// or file:// URI"); });
  BOOST_CHECK_EXCEPTION(
      parse_profile("p.yaml", "name: a\nsources:\n  - suites: [x]\nimage:\n  tag: " + long_name + "\n", "amd64"), Error,
      [](const Error& e) { return says(e, "is not a valid image reference"); });
  // Long, but within the limit: still matched.
  BOOST_TEST(parse_profile("p.yaml", "name: " + std::string(1000, 'a') + "\nsources:\n  - suites: [x]\n", "amd64").name.size() ==
             1000u);
}

BOOST_AUTO_TEST_SUITE_END()
