#include "server/query_string.h"

#include <boost/test/unit_test.hpp>

#include "core/error.h"

using namespace dateline;

BOOST_AUTO_TEST_SUITE(query_string)

BOOST_AUTO_TEST_CASE(splits_and_decodes_parameters) {
  Target t = parse_target("/v1/search?q=interest+rate%20%22cut%22&page=2&flag&&x=%C3%BC");
  BOOST_TEST(t.path == "/v1/search");
  BOOST_TEST_REQUIRE(t.get("q") != nullptr);
  BOOST_TEST(*t.get("q") == "interest rate \"cut\"");
  BOOST_TEST(*t.get("page") == "2");
  BOOST_TEST(*t.get("flag") == "");
  BOOST_TEST(*t.get("x") == "ü");
  BOOST_TEST(t.get("missing") == nullptr);
}

BOOST_AUTO_TEST_CASE(rejects_malformed_escapes_and_bad_utf8) {
  BOOST_CHECK_THROW(parse_target("/v1/search?q=%zz"), Error);
  BOOST_CHECK_THROW(parse_target("/v1/search?q=%4"), Error);
  BOOST_CHECK_THROW(parse_target("/v1/search?q=%ff"), Error);
}

BOOST_AUTO_TEST_CASE(path_keeps_its_escapes) {
  Target t = parse_target("/v1/articles/a%2Fb");
  BOOST_TEST(t.path == "/v1/articles/a%2Fb");
  BOOST_TEST(percent_decode("a%2Fb+c", false) == "a/b+c");
}

BOOST_AUTO_TEST_SUITE_END()
