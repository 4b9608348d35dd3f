#include "server/analytics_api.h"

#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "core/error.h"

using namespace dateline;

namespace {

constexpr std::int64_t kApiDec7 = 1796601600;  // 2026-12-07T00:00:00Z
const std::string kClickSearchId = "0123456789abcdef0123456789abcdef";

bool is_invalid_argument(const Error& e) { return e.kind() == ErrorKind::kInvalidArgument; }

// Hostile or malformed click bodies, each refused as a client mistake.
const std::vector<std::string> kBadClickBodies = {
    "",
    "not json",
    "[]",
    "\"" + kClickSearchId + "\"",
    std::string(500, '['),
    std::string(kMaxClickBodyBytes + 1, ' '),
    R"({"id":"m1","position":1})",
    R"({"search_id":"ABCDEF","id":"m1","position":1})",
    R"({"search_id":12,"id":"m1","position":1})",
    R"({"search_id":")" + kClickSearchId + R"(","position":1})",
    R"({"search_id":")" + kClickSearchId + R"(","id":"","position":1})",
    R"({"search_id":")" + kClickSearchId + R"(","id":")" + std::string(300, 'x') +
        R"(","position":1})",
    R"({"search_id":")" + kClickSearchId + R"(","id":"m1"})",
    R"({"search_id":")" + kClickSearchId + R"(","id":"m1","position":0})",
    R"({"search_id":")" + kClickSearchId + R"(","id":"m1","position":1.5})",
    R"({"search_id":")" + kClickSearchId + R"(","id":"m1","position":"1"})",
    R"({"search_id":")" + kClickSearchId + R"(","id":"m1","position":99999999999999999999})",
    R"({"search_id":")" + kClickSearchId + R"(","id":"m1","position":-1})",
};

Target api_target(const std::string& text) { return parse_target(text); }

}  // namespace

BOOST_AUTO_TEST_SUITE(analytics_api)

BOOST_AUTO_TEST_CASE(parses_a_click) {
  ClickEvent click = parse_click_body(R"({"search_id":")" + kClickSearchId +
                                      R"(","id":"kst-2024-0187","position":3,"extra":[1]})");
  BOOST_TEST(click.search_id == kClickSearchId);
  BOOST_TEST(click.id == "kst-2024-0187");
  BOOST_TEST(click.position == 3);
}

BOOST_DATA_TEST_CASE(refuses_hostile_click_bodies, boost::unit_test::data::make(kBadClickBodies),
                     body) {
  BOOST_CHECK_EXCEPTION(parse_click_body(body), Error, is_invalid_argument);
}

BOOST_AUTO_TEST_CASE(range_defaults_to_the_last_30_days) {
  AnalyticsRange r = parse_analytics_range(api_target("/v1/analytics"), kApiDec7 + 5);
  BOOST_TEST(r.from == "2026-11-08");
  BOOST_TEST(r.to == "2026-12-07");
  BOOST_TEST(r.limit == 20);
  r = parse_analytics_range(api_target("/v1/analytics?from=2026-12-01&to=2026-12-02&limit=5"),
                            kApiDec7);
  BOOST_TEST(r.from == "2026-12-01");
  BOOST_TEST(r.to == "2026-12-02");
  BOOST_TEST(r.limit == 5);
}

BOOST_AUTO_TEST_CASE(range_refuses_bad_parameters) {
  for (const char* bad : {"/v1/analytics?from=2026-13-01", "/v1/analytics?to=yesterday",
                          "/v1/analytics?from=2026-12-02&to=2026-12-01",
                          "/v1/analytics?from=2024-01-01&to=2026-12-01", "/v1/analytics?limit=0",
                          "/v1/analytics?limit=1001", "/v1/analytics?q=x"}) {
    BOOST_CHECK_EXCEPTION(parse_analytics_range(api_target(bad), kApiDec7), Error,
                          is_invalid_argument);
  }
}

BOOST_AUTO_TEST_CASE(takes_the_analytics_flag_out_of_a_search) {
  Target t = api_target("/v1/search?q=x&analytics=false");
  BOOST_TEST(!take_analytics_flag(t));
  BOOST_TEST(t.params.size() == 1u);
  t = api_target("/v1/search?q=x");
  BOOST_TEST(take_analytics_flag(t));
  t = api_target("/v1/search?analytics=maybe");
  BOOST_CHECK_EXCEPTION(take_analytics_flag(t), Error, is_invalid_argument);
  nlohmann::json body = {{"q", "x"}, {"analytics", false}};
  BOOST_TEST(!take_analytics_flag(body));
  BOOST_TEST(!body.contains("analytics"));
}

BOOST_AUTO_TEST_SUITE_END()
