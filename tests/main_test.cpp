#define BOOST_TEST_MODULE dateline
#include <boost/test/unit_test.hpp>
