// seed_reason: which packages each variant starts from (the resolver and the
// image's extended_states share it).
#include "resolve/variant_seed.h"

#include <boost/test/unit_test.hpp>

using namespace debimg;

BOOST_AUTO_TEST_SUITE(variant_seed)

BOOST_AUTO_TEST_CASE(essential_packages_seed_every_variant_but_custom) {
  for (Variant v : {Variant::essential, Variant::minbase, Variant::apt, Variant::important}) {
    BOOST_TEST(seed_reason(v, "dash", true, "required") == "Essential: yes");
    BOOST_TEST(seed_reason(v, "dash", true, "") == "Essential: yes");
  }
  BOOST_TEST(seed_reason(Variant::custom, "dash", true, "required") == "");
}

BOOST_AUTO_TEST_CASE(priorities_by_variant) {
  BOOST_TEST(seed_reason(Variant::essential, "mawk", false, "required") == "");
  BOOST_TEST(seed_reason(Variant::minbase, "mawk", false, "required") == "Priority: required");
  BOOST_TEST(seed_reason(Variant::minbase, "less", false, "important") == "");
  BOOST_TEST(seed_reason(Variant::important, "mawk", false, "required") == "Priority: required");
  BOOST_TEST(seed_reason(Variant::important, "less", false, "important") == "Priority: important");
  BOOST_TEST(seed_reason(Variant::important, "hello", false, "") == "");
  BOOST_TEST(seed_reason(Variant::custom, "mawk", false, "required") == "");
}

BOOST_AUTO_TEST_CASE(the_apt_variant_adds_apt_and_no_priorities) {
  BOOST_TEST(seed_reason(Variant::apt, "apt", false, "important") == "variant apt");
  BOOST_TEST(seed_reason(Variant::apt, "mawk", false, "required") == "");
  BOOST_TEST(seed_reason(Variant::apt, "less", false, "important") == "");
  BOOST_TEST(seed_reason(Variant::minbase, "apt", false, "") == "");
}

BOOST_AUTO_TEST_SUITE_END()
