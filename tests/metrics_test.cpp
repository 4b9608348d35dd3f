#include "server/metrics.h"

#include <thread>

#include <boost/test/unit_test.hpp>

#include "server/router.h"
#include "tests/format_checks.h"
#include "tests/test_support.h"

using namespace dateline;

BOOST_AUTO_TEST_SUITE(metrics)

BOOST_AUTO_TEST_CASE(targets_map_to_a_few_routes) {
  auto route_of = [](http::verb method, const std::string& target) {
    return std::string(metrics_route_name(request_metrics_route(HttpRequest{method, target, 11})));
  };
  BOOST_TEST(route_of(http::verb::get, "/v1/search?q=x") == "search");
  BOOST_TEST(route_of(http::verb::post, "/v1/search") == "search");
  BOOST_TEST(route_of(http::verb::get, "/v1/search.rss?q=x") == "search_rss");
  BOOST_TEST(route_of(http::verb::get, "/v1/articles/a%2Fb") == "article");
  BOOST_TEST(route_of(http::verb::delete_, "/v1/articles/a") == "article");
  BOOST_TEST(route_of(http::verb::put, "/v1/articles/a") == "article");
  BOOST_TEST(route_of(http::verb::get, "/static/app.js") == "page");
  BOOST_TEST(route_of(http::verb::get, "/") == "page");
  BOOST_TEST(route_of(http::verb::get, "/wp-admin/x.php") == "other");
}

BOOST_AUTO_TEST_CASE(the_route_table_says_how_the_transport_runs_a_request) {
  auto lane_of = [](http::verb method, const std::string& target) {
    return request_lane(HttpRequest{method, target, 11});
  };
  BOOST_TEST((lane_of(http::verb::post, "/v1/articles") == RequestLane::kWriter));
  BOOST_TEST((lane_of(http::verb::delete_, "/v1/articles/a?x=1") == RequestLane::kWriter));
  BOOST_TEST((lane_of(http::verb::get, "/v1/articles/a") == RequestLane::kQueued));
  BOOST_TEST((lane_of(http::verb::get, "/healthz") == RequestLane::kImmediate));
  BOOST_TEST((lane_of(http::verb::head, "/metrics") == RequestLane::kImmediate));
  BOOST_TEST((lane_of(http::verb::get, "/v1/search?q=a") == RequestLane::kQueued));
  BOOST_TEST((lane_of(http::verb::get, "/nowhere") == RequestLane::kQueued));
}

BOOST_AUTO_TEST_CASE(index_size_is_walked_once_per_ttl) {
  test::TempDir dir;
  dir.write_file("a", std::string(10, 'a'));
  Metrics cached(1, dir.str(), std::chrono::seconds(60));
  Metrics fresh(1, dir.str(), std::chrono::seconds(0));
  BOOST_TEST(cached.index_disk_bytes() == 10u);
  BOOST_TEST(fresh.index_disk_bytes() == 10u);
  dir.write_file("b", std::string(5, 'b'));
  BOOST_TEST(cached.index_disk_bytes() == 10u);  // within the TTL: the last walk's answer
  BOOST_TEST(fresh.index_disk_bytes() == 15u);
}

BOOST_AUTO_TEST_CASE(render_is_valid_prometheus_text) {
  Metrics m(2, "/nonexistent");
  m.shard(0).record(MetricsRoute::kSearch, 200, 0.003);
  m.shard(1).record(MetricsRoute::kSearch, 200, 0.2);
  m.shard(1).record(MetricsRoute::kSearch, 400, 0.0001);
  m.shard(0).record(MetricsRoute::kInvalid, 431, 0.00001);
  m.shard(0).record(MetricsRoute::kHealth, 299, 7);
  IndexGauges index{true, 72, 123456, 1000, {}};
  test::PrometheusText parsed = test::check_prometheus_text(m.render(index, 1060));
  BOOST_TEST(parsed.problems.empty(), parsed.problems.size()
                                          << " problems, first: "
                                          << (parsed.problems.empty() ? "" : parsed.problems[0]));
  auto& s = parsed.samples;
  BOOST_TEST(s["dateline_http_requests_total{route=\"search\",status=\"200\"}"] == 2);
  BOOST_TEST(s["dateline_http_requests_total{route=\"search\",status=\"400\"}"] == 1);
  BOOST_TEST(s["dateline_http_requests_total{route=\"invalid\",status=\"431\"}"] == 1);
  BOOST_TEST(s["dateline_http_requests_total{route=\"healthz\",status=\"other\"}"] == 1);
  BOOST_TEST(s["dateline_http_request_duration_seconds_bucket{route=\"search\",le=\"0.005\"}"] ==
             2);
  BOOST_TEST(s["dateline_http_request_duration_seconds_bucket{route=\"search\",le=\"0.1\"}"] == 2);
  BOOST_TEST(s["dateline_http_request_duration_seconds_bucket{route=\"search\",le=\"+Inf\"}"] == 3);
  BOOST_TEST(s["dateline_http_request_duration_seconds_bucket{route=\"healthz\",le=\"5\"}"] == 0);
  BOOST_TEST(s["dateline_http_request_duration_seconds_count{route=\"search\"}"] == 3);
  BOOST_TEST(s["dateline_http_request_duration_seconds_sum{route=\"search\"}"] == 0.2031,
             boost::test_tools::tolerance(1e-6));
  BOOST_TEST(s["dateline_index_documents"] == 72);
  BOOST_TEST(s["dateline_index_size_bytes"] == 123456);
  BOOST_TEST(s["dateline_index_last_commit_age_seconds"] == 60);
  BOOST_TEST(s["dateline_index_up"] == 1);
}

BOOST_AUTO_TEST_CASE(an_unreadable_index_leaves_out_its_gauges) {
  Metrics m(1, "/nonexistent");
  std::string text = m.render(IndexGauges{}, 0);
  BOOST_TEST(test::check_prometheus_text(text).problems.empty());
  BOOST_TEST(text.find("dateline_index_up 0\n") != std::string::npos);
  BOOST_TEST(text.find("dateline_index_documents") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(counts_rejected_records) {
  Metrics m(1, "/nonexistent");
  m.add_rejected_records(2);
  m.add_rejected_records(3);
  std::string text = m.render(IndexGauges{}, 0);
  BOOST_TEST(text.find("\ndateline_rejected_records_total 5\n") != std::string::npos, text);
  BOOST_TEST(test::check_prometheus_text(text).problems.empty());
}

BOOST_AUTO_TEST_CASE(shards_recorded_concurrently_add_up) {
  Metrics m(4, "/nonexistent");
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < 4; ++t) {
    threads.emplace_back([&m, t] {
      for (int i = 0; i < 5000; ++i) m.shard(t).record(MetricsRoute::kSearch, 200, 0.001);
    });
  }
  // Scraping while the counters move must be safe too.
  for (int i = 0; i < 20; ++i) (void)m.render(IndexGauges{}, 0);
  for (auto& thread : threads) thread.join();
  auto parsed = test::check_prometheus_text(m.render(IndexGauges{}, 0));
  BOOST_TEST(parsed.samples["dateline_http_requests_total{route=\"search\",status=\"200\"}"] ==
             20000);
}

BOOST_AUTO_TEST_CASE(the_checker_catches_broken_text) {
  BOOST_TEST(!test::check_prometheus_text("x 1\n").problems.empty());  // no TYPE
  BOOST_TEST(!test::check_prometheus_text("# TYPE x gauge\nx{a=b} 1\n").problems.empty());
  BOOST_TEST(!test::check_prometheus_text("# TYPE x gauge\nx one\n").problems.empty());
  BOOST_TEST(!test::check_prometheus_text(
                  "# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n")
                  .problems.empty());
  BOOST_TEST(test::check_prometheus_text("# TYPE x gauge\nx{a=\"q\\\"\"} 1.5\n").problems.empty());
}

BOOST_AUTO_TEST_SUITE_END()
