#define BOOST_TEST_MODULE dateline_e2e
#include <boost/test/unit_test.hpp>
