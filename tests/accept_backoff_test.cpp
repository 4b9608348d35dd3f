#include "server/accept_backoff.h"

#include <boost/test/unit_test.hpp>

using namespace dateline;
using std::chrono::milliseconds;

BOOST_AUTO_TEST_SUITE(accept_backoff)

BOOST_AUTO_TEST_CASE(delay_doubles_from_50ms_up_to_a_second) {
  AcceptBackoff backoff;
  std::vector<long> delays;
  for (int i = 0; i < 8; ++i) delays.push_back(backoff.on_failure().count());
  BOOST_TEST(delays == std::vector<long>({50, 100, 200, 400, 800, 1000, 1000, 1000}),
             boost::test_tools::per_element());
  BOOST_TEST(backoff.failures() == 8u);
}

BOOST_AUTO_TEST_CASE(a_success_ends_the_burst_and_starts_over) {
  AcceptBackoff backoff(milliseconds(10), milliseconds(25));
  BOOST_TEST(backoff.on_success() == 0u);
  backoff.on_failure();
  backoff.on_failure();
  BOOST_TEST(backoff.on_failure().count() == 25);
  BOOST_TEST(backoff.on_success() == 3u);
  BOOST_TEST(backoff.failures() == 0u);
  BOOST_TEST(backoff.on_failure().count() == 10);
}

BOOST_AUTO_TEST_SUITE_END()
