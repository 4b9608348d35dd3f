// API key checks (server/auth.cpp).
#include "server/auth.h"

#include <boost/test/unit_test.hpp>

using namespace dateline;

BOOST_AUTO_TEST_SUITE(auth)

BOOST_AUTO_TEST_CASE(constant_time_equals_compares_whole_strings) {
  BOOST_TEST(constant_time_equals("secret-key-0001", "secret-key-0001"));
  BOOST_TEST(!constant_time_equals("secret-key-0001", "secret-key-0002"));
  BOOST_TEST(!constant_time_equals("secret-key-000", "secret-key-0001"));
  BOOST_TEST(!constant_time_equals("secret-key-00011", "secret-key-0001"));
  BOOST_TEST(!constant_time_equals("", "x"));
  BOOST_TEST(constant_time_equals("", ""));
}

BOOST_AUTO_TEST_CASE(no_configured_key_allows_everything) {
  BOOST_TEST((check_bearer("", "") == AuthResult::kAllowed));
  BOOST_TEST((check_bearer("Bearer whatever", "", "") == AuthResult::kAllowed));
}

BOOST_AUTO_TEST_CASE(missing_or_malformed_header_is_missing) {
  BOOST_TEST((check_bearer("", "k1") == AuthResult::kMissing));
  BOOST_TEST((check_bearer("Bearer ", "k1") == AuthResult::kMissing));
  BOOST_TEST((check_bearer("Basic azE6eA==", "k1") == AuthResult::kMissing));
}

BOOST_AUTO_TEST_CASE(wrong_key_is_forbidden_and_right_key_allowed) {
  BOOST_TEST((check_bearer("Bearer k2", "k1") == AuthResult::kForbidden));
  BOOST_TEST((check_bearer("Bearer k1", "k1") == AuthResult::kAllowed));
  BOOST_TEST((check_bearer("bearer  k1 ", "k1") == AuthResult::kAllowed));
  BOOST_TEST((check_bearer("Bearer admin", "k1", "admin") == AuthResult::kAllowed));
  BOOST_TEST((check_bearer("Bearer admin", "", "admin") == AuthResult::kAllowed));
}

BOOST_AUTO_TEST_SUITE_END()
