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

BOOST_AUTO_TEST_CASE(reads_filters_dates_sort_and_facets) {
  const std::int64_t now = 1710408600;  // 2024-03-14T09:30:00Z
  SearchRequest r = parse_search_request(
      parse_target("/s?q=port&source=The+Harbor+Ledger,Metro+Wire&tag=ports&tag=trade&from=7d"
                   "&to=2024-03-14&sort=newest&recency=strong&half_life=12h"
                   "&facets=source,tag,month&facet_size=5&fragments=3&explain=true&correct=false"),
      {}, now);
  BOOST_TEST(r.filters["source"] == (std::vector<std::string>{"The Harbor Ledger", "Metro Wire"}),
             boost::test_tools::per_element());
  BOOST_TEST(r.filters["tag"] == (std::vector<std::string>{"ports", "trade"}),
             boost::test_tools::per_element());
  BOOST_TEST(*r.from == now - 7 * 86400);
  BOOST_TEST(*r.to == 1710460799);  // a date-only upper bound includes the whole day
  BOOST_TEST((r.sort == SortOrder::kNewest));
  BOOST_TEST((r.recency == Recency::kStrong));
  BOOST_TEST(*r.half_life_days == 0.5);
  BOOST_TEST(r.facets == (std::vector<std::string>{"source", "tag", "month"}),
             boost::test_tools::per_element());
  BOOST_TEST(r.facet_size == 5);
  BOOST_TEST(r.fragments == 3);
  BOOST_TEST(r.explain);
  BOOST_TEST(!r.correct);
}

BOOST_AUTO_TEST_CASE(reads_a_json_body) {
  auto body = nlohmann::json::parse(R"({"q":"port","page":2,"author":["Ana Ruiz"],
      "facets":["source"],"explain":true,"from":"2024-01-01"})");
  SearchRequest r = parse_search_request(body);
  BOOST_TEST(r.q == "port");
  BOOST_TEST(r.page == 2);
  BOOST_TEST(r.filters["author"] == std::vector<std::string>{"Ana Ruiz"},
             boost::test_tools::per_element());
  BOOST_TEST(r.explain);
  BOOST_CHECK_THROW(parse_search_request(nlohmann::json::parse(R"({"q":["a"]})")), Error);
  BOOST_CHECK_THROW(parse_search_request(nlohmann::json::parse(R"([1])")), Error);
}

BOOST_AUTO_TEST_CASE(rejects_bad_new_parameters_naming_them) {
  BOOST_TEST(error_for("/s?sort=best") == "sort must be one of relevance|newest|oldest|updated");
  BOOST_TEST(error_for("/s?recency=max") == "recency must be one of off|balanced|strong");
  BOOST_TEST(error_for("/s?from=yesterday").rfind("from must be a date", 0) == 0u);
  BOOST_TEST(error_for("/s?to=2024-02-30").rfind("to must be a date", 0) == 0u);
  BOOST_TEST(error_for("/s?from=2024-02-01&to=2024-01-01") == "from must not be after to");
  BOOST_TEST(error_for("/s?facets=source,colour") ==
             "facets: unknown facet 'colour' (expected source, section, author, tag, lang or "
             "month)");
  BOOST_TEST(error_for("/s?source=,") == "source must name at least one value");
  BOOST_TEST(error_for("/s?fragments=9") == "fragments must be 1..5");
  BOOST_TEST(error_for("/s?facet_size=0") == "facet_size must be 1..100");
  BOOST_TEST(error_for("/s?explain=maybe") == "explain must be true or false");
  BOOST_TEST(error_for("/s?correct=2") == "correct must be true or false");
  BOOST_TEST(error_for("/s?half_life=5m").rfind("half_life must be a duration", 0) == 0u);
  BOOST_TEST(error_for("/s?highlight_pre=" + std::string(65, 'x')) ==
             "highlight_pre must be at most 64 bytes");
}

BOOST_AUTO_TEST_SUITE_END()
