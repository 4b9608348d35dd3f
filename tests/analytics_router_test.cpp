// The search analytics routes of the router with a real recorder on a temporary store:
// search_id in search responses, POST /v1/events/click, GET /v1/analytics and its key.

#include <boost/test/unit_test.hpp>

#include "server/analytics.h"
#include "server/router.h"
#include "tests/router_fixture.h"

using namespace dateline;
using nlohmann::json;

namespace {

constexpr const char* kAnalyticsKey = "analytics-key-0123456789";
constexpr const char* kAnalyticsAdminKey = "admin-key-0123456789";

struct AnalyticsRouterFixture : test::MiniRouter {
  std::unique_ptr<Analytics> analytics;

  AnalyticsRouterFixture() {
    AnalyticsOptions analytics_options;
    analytics_options.path = dir.str("a.sqlite");
    analytics = std::make_unique<Analytics>(analytics_options);
    options.analytics = analytics.get();
    options.analytics_key = kAnalyticsKey;
  }

  json search(const std::string& target) {
    return json::parse(send(http::verb::get, target).body());
  }
  unsigned click(const std::string& body) {
    return send(http::verb::post, "/v1/events/click", "", body).result_int();
  }
  json report(const std::string& key = kAnalyticsKey) {
    analytics->flush();
    HttpResponse res = send(http::verb::get, "/v1/analytics?limit=5", key);
    BOOST_TEST(res.result_int() == 200u);
    return json::parse(res.body());
  }
};

std::string click_body(const std::string& search_id, int position) {
  return json{{"search_id", search_id}, {"id", "m3"}, {"position", position}}.dump();
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(analytics_router, AnalyticsRouterFixture)

BOOST_AUTO_TEST_CASE(only_a_readers_page_one_search_gets_a_search_id) {
  BOOST_TEST(search("/v1/search?q=interest+rate")["search_id"].get<std::string>().size() == 32u);
  BOOST_TEST(!search("/v1/search?q=interest+rate&page=2").contains("search_id"));
  BOOST_TEST(!search("/v1/search?q=interest+rate&analytics=false").contains("search_id"));
  BOOST_TEST(!search("/v1/search").contains("search_id"));
  BOOST_TEST(!search("/v1/search?q=+++").contains("search_id"));
  HttpResponse post =
      send(http::verb::post, "/v1/search", "", R"({"q":"interest rate","analytics":false})");
  BOOST_TEST(post.result_int() == 200u);
  BOOST_TEST(!json::parse(post.body()).contains("search_id"));
  json totals = report()["totals"];
  BOOST_TEST(totals["searches"] == 1);
}

BOOST_AUTO_TEST_CASE(clicks_are_counted_once_and_unknown_ids_ignored) {
  std::string id = search("/v1/search?q=Interest++Rate")["search_id"];
  BOOST_TEST(click(click_body(id, 1)) == 204u);
  BOOST_TEST(click(click_body(id, 1)) == 204u);
  BOOST_TEST(click(click_body("0123456789abcdef0123456789abcdef", 1)) == 204u);
  search("/v1/search?q=zzzznothing");
  json body = report();
  BOOST_TEST(body["totals"]["searches"] == 2);
  BOOST_TEST(body["totals"]["clicks"] == 1);
  BOOST_TEST(body["top_queries"][0]["query"] == "interest rate");
  BOOST_TEST(body["top_queries"][0]["click_through"] == 1.0);
  BOOST_TEST(body["zero_result_queries"][0]["query"] == "zzzznothing");
  BOOST_TEST(body["days"].size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_bad_click_body_is_a_400_json_error) {
  HttpResponse res = send(http::verb::post, "/v1/events/click", "", "{\"search_id\":");
  BOOST_TEST(res.result_int() == 400u);
  BOOST_TEST(json::parse(res.body())["error"]["code"] == "invalid_argument");
  BOOST_TEST(send(http::verb::get, "/v1/events/click").result_int() == 405u);
}

BOOST_AUTO_TEST_CASE(analytics_need_the_analytics_or_admin_key) {
  BOOST_TEST(send(http::verb::get, "/v1/analytics").result_int() == 401u);
  BOOST_TEST(send(http::verb::get, "/v1/analytics", "wrong-key-0123456789").result_int() == 403u);
  report(kAnalyticsKey);
  options.admin_key = kAnalyticsAdminKey;
  report(kAnalyticsAdminKey);
  options.analytics_key.clear();
  options.admin_key.clear();
  HttpResponse closed = send(http::verb::get, "/v1/analytics", kAnalyticsKey);
  BOOST_TEST(closed.result_int() == 403u);
  BOOST_TEST(json::parse(closed.body())["error"]["message"].get<std::string>().find(
                 "DATELINE_ANALYTICS_KEY") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(off_means_no_search_id_and_ignored_clicks) {
  options.analytics = nullptr;
  BOOST_TEST(!search("/v1/search?q=interest+rate").contains("search_id"));
  BOOST_TEST(click(click_body("0123456789abcdef0123456789abcdef", 1)) == 204u);
  BOOST_TEST(send(http::verb::get, "/v1/analytics", kAnalyticsKey).result_int() == 404u);
}

BOOST_AUTO_TEST_CASE(bad_report_parameters_are_400) {
  HttpResponse res = send(http::verb::get, "/v1/analytics?from=2026-12-40", kAnalyticsKey);
  BOOST_TEST(res.result_int() == 400u);
}

BOOST_AUTO_TEST_SUITE_END()
