// The one translation unit that defines Boost.Test's main() for each unit executable.
#define BOOST_TEST_MODULE debimg unit tests
#include <boost/test/unit_test.hpp>
