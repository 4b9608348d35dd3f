// The production routes of the router: feeds, metrics, CORS and uptime (server/router.cpp).

#include <boost/test/unit_test.hpp>

#include "server/metrics.h"
#include "server/router.h"
#include "tests/format_checks.h"
#include "tests/test_support.h"

using namespace dateline;
using nlohmann::json;

namespace {

struct OpsFixture {
  test::TempDir dir;
  std::string db = dir.str("db");
  std::unique_ptr<SearchService> service;
  std::unique_ptr<Metrics> metrics;
  RouterOptions options;

  OpsFixture() {
    test::index_jsonl(db, test::read_file(test::data_path("mini.jsonl")));
    service = std::make_unique<SearchService>(db);
    metrics = std::make_unique<Metrics>(1, db);
    options.metrics = metrics.get();
    options.cors.allowed_origins = {"https://news.example"};
  }

  HttpResponse send(const std::string& target, http::verb method = http::verb::get,
                    const std::string& origin = "") {
    HttpRequest req{method, target, 11};
    req.set(http::field::host, "search.example:8080");
    if (!origin.empty()) req.set(http::field::origin, origin);
    return handle_request(req, *service, options);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(router_ops, OpsFixture)

BOOST_AUTO_TEST_CASE(search_rss_is_an_rss_channel_of_the_hits) {
  HttpResponse res = send("/v1/search.rss?q=interest+rate");
  BOOST_TEST(res.result_int() == 200u);
  BOOST_TEST(res[http::field::content_type] == "application/rss+xml; charset=utf-8");
  test::XmlCheck check = test::check_xml(res.body());
  BOOST_TEST(check.problems.empty());
  BOOST_TEST(check.root == "rss");
  BOOST_TEST(res.body().find("<guid isPermaLink=\"false\">m3</guid>") != std::string::npos);
  BOOST_TEST(res.body().find("<link>http://search.example:8080/?q=interest%20rate</link>") !=
             std::string::npos);
  BOOST_TEST(send("/v1/search.rss?per_page=0").result_int() == 400u);
}

BOOST_AUTO_TEST_CASE(opensearch_uses_the_public_url_when_set) {
  options.public_url = "https://news.example";
  HttpResponse res = send("/opensearch.xml");
  BOOST_TEST(res.result_int() == 200u);
  BOOST_TEST(res[http::field::content_type] ==
             "application/opensearchdescription+xml; charset=utf-8");
  BOOST_TEST(res.body().find("template=\"https://news.example/v1/search.rss?q={searchTerms}") !=
             std::string::npos);
  BOOST_TEST(test::check_xml(res.body()).problems.empty());
}

BOOST_AUTO_TEST_CASE(metrics_are_prometheus_text_with_index_gauges) {
  metrics->shard(0).record(MetricsRoute::kSearch, 200, 0.01);
  HttpResponse res = send("/metrics");
  BOOST_TEST(res.result_int() == 200u);
  BOOST_TEST(res[http::field::content_type] == kPrometheusContentType);
  test::PrometheusText parsed = test::check_prometheus_text(res.body());
  BOOST_TEST(parsed.problems.empty());
  BOOST_TEST(parsed.samples["dateline_index_documents"] == 8);
  BOOST_TEST(parsed.samples["dateline_index_size_bytes"] > 0);
  options.metrics = nullptr;
  BOOST_TEST(send("/metrics").result_int() == 404u);
}

BOOST_AUTO_TEST_CASE(metrics_key_guards_metrics) {
  options.metrics_key = "metrics-key-0123456789";
  options.admin_key = "admin-key-0123456789ab";
  auto scrape = [&](const std::string& key) {
    HttpRequest req{http::verb::get, "/metrics", 11};
    if (!key.empty()) req.set(http::field::authorization, "Bearer " + key);
    return handle_request(req, *service, options).result_int();
  };
  BOOST_TEST(scrape("") == 401u);
  BOOST_TEST(scrape("wrong-key-0123456789") == 403u);
  BOOST_TEST(scrape("metrics-key-0123456789") == 200u);
  BOOST_TEST(scrape("admin-key-0123456789ab") == 200u);
  options.metrics_key.clear();
  BOOST_TEST(scrape("") == 200u);
}

BOOST_AUTO_TEST_CASE(stats_report_uptime) {
  json j = json::parse(send("/v1/stats").body());
  BOOST_TEST(j["uptime_seconds"].is_number());
  BOOST_TEST(j["documents"] == 8);
}

BOOST_AUTO_TEST_CASE(cors_preflight_and_headers) {
  HttpRequest req{http::verb::options, "/v1/search", 11};
  req.set(http::field::origin, "https://news.example");
  req.set(http::field::access_control_request_method, "GET");
  HttpResponse pre = handle_request(req, *service, options);
  BOOST_TEST(pre.result_int() == 204u);
  BOOST_TEST(pre[http::field::access_control_allow_origin] == "https://news.example");

  HttpResponse ok = send("/healthz", http::verb::get, "https://news.example");
  BOOST_TEST(ok[http::field::access_control_allow_origin] == "https://news.example");
  BOOST_TEST(ok[http::field::vary] == "Origin");
  HttpResponse other = send("/healthz", http::verb::get, "https://evil.example");
  BOOST_TEST((other.find(http::field::access_control_allow_origin) == other.end()));
  // An OPTIONS that is not a preflight is still refused like any other method.
  BOOST_TEST(send("/v1/search", http::verb::options).result_int() == 405u);
  // Error responses carry CORS headers too, so the page can read the JSON error.
  HttpResponse bad = send("/v1/search?per_page=0", http::verb::get, "https://news.example");
  BOOST_TEST(bad.result_int() == 400u);
  BOOST_TEST(bad[http::field::access_control_allow_origin] == "https://news.example");
}

BOOST_AUTO_TEST_CASE(new_routes_refuse_other_methods) {
  BOOST_TEST(send("/v1/search.rss?q=x", http::verb::delete_).result_int() == 405u);
  BOOST_TEST(send("/metrics", http::verb::post).result_int() == 405u);
}

BOOST_AUTO_TEST_SUITE_END()
