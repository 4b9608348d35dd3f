#include "server/search_request.h"

#include <boost/test/unit_test.hpp>

#include "core/error.h"

using namespace dateline;

namespace {

std::string error_for(const std::string& target) {
  try {
    parse_search_request(parse_target(target));
  } catch (const Error& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(search_request)

BOOST_AUTO_TEST_CASE(reads_parameters_with_defaults) {
  SearchRequest r = parse_search_request(parse_target("/v1/search?q=port&_=123"));
  BOOST_TEST(r.q == "port");
  BOOST_TEST(r.page == 1);
  BOOST_TEST(r.per_page == 10);
  r = parse_search_request(parse_target("/v1/search?q=port&page=3&per_page=25"));
  BOOST_TEST(r.page == 3);
  BOOST_TEST(r.per_page == 25);
}

BOOST_AUTO_TEST_CASE(rejects_bad_values_naming_the_parameter) {
  BOOST_TEST(error_for("/s?per_page=0") == "per_page must be 1..100");
  BOOST_TEST(error_for("/s?per_page=101") == "per_page must be 1..100");
  BOOST_TEST(error_for("/s?page=0") == "page must be 1..1000000");
  BOOST_TEST(error_for("/s?page=two") == "page must be an integer");
  BOOST_TEST(error_for("/s?page=1x") == "page must be an integer");
  BOOST_TEST(error_for("/s?perpage=5") == "unknown parameter 'perpage'");
  BOOST_TEST(error_for("/s?page=200&per_page=100") ==
             "page * per_page must be at most 10000 (results past that depth are not served; "
             "refine the query)");
  BOOST_TEST(error_for("/s?q=" + std::string(1025, 'a')) == "q must be at most 1024 bytes");
}

BOOST_AUTO_TEST_SUITE_END()
