// Inputs the fuzzers (tests/fuzz) reached: each one a clean Error.
#include <boost/test/unit_test.hpp>

#include "unpack/control_file.h"
#include "util/error.h"

using namespace debimg;

namespace {
bool says(const Error& e, const std::string& words) { return std::string(e.what()).find(words) != std::string::npos; }
}  // namespace

BOOST_AUTO_TEST_SUITE(control_file)

// A blank DEBIAN/control never reaches libapt-pkg's tag-file parser.
BOOST_AUTO_TEST_CASE(blank_control_is_refused) {
  for (const std::string text : {"", "\n", "\n\n\n", " ", "\r\n", " \t\n \n"})
    BOOST_CHECK_EXCEPTION(parse_control(text, "p"), Error, [](const Error& e) { return says(e, "p: DEBIAN/control is empty"); });
}

BOOST_AUTO_TEST_SUITE_END()
