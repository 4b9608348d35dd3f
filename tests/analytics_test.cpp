#include "server/analytics.h"

#include <atomic>

#include <boost/test/unit_test.hpp>

#include "tests/test_support.h"

using namespace dateline;

namespace {

constexpr std::int64_t kRecorderDec7 = 1796601600;  // 2026-12-07T00:00:00Z

struct RecorderFixture {
  test::TempDir dir;
  std::atomic<std::int64_t> clock{kRecorderDec7 + 3600};
  AnalyticsOptions options;

  RecorderFixture() {
    options.path = dir.str("a.sqlite");
    options.flush_interval = std::chrono::milliseconds(50);
  }
  std::unique_ptr<Analytics> open() {
    return std::make_unique<Analytics>(options, [this] { return clock.load(); });
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(analytics, RecorderFixture)

BOOST_AUTO_TEST_CASE(normalises_queries_for_counting) {
  BOOST_TEST(normalise_query("  Water \t RATIONING\n") == "water rationing");
  BOOST_TEST(normalise_query("Süd KURIER") == "süd kurier");
  BOOST_TEST(normalise_query(" \t ") == "");
  std::string long_query(300, 'a');
  long_query[199] = '\xc3';  // a two-byte character across the cut
  long_query[200] = '\xa9';
  BOOST_TEST(normalise_query(long_query).size() == 199u);
}

BOOST_AUTO_TEST_CASE(days_are_utc_and_checked) {
  BOOST_TEST(analytics_day(kRecorderDec7 + 86399) == "2026-12-07");
  BOOST_TEST(parse_analytics_day("2026-12-07").value() == kRecorderDec7);
  BOOST_TEST(!parse_analytics_day("2026-02-30"));
  BOOST_TEST(!parse_analytics_day("2026-12-7"));
  BOOST_TEST(!parse_analytics_day("1796601600"));
}

BOOST_AUTO_TEST_CASE(counts_searches_zero_results_and_clicks_once_per_position) {
  auto analytics = open();
  std::string first = analytics->record_search("Water", 10).value();
  std::string second = analytics->record_search("water ", 10).value();
  BOOST_TEST(!analytics->record_search(" \t", 10));
  analytics->record_search("lumora", 0);
  BOOST_TEST(first.size() == 32u);
  BOOST_TEST(first != second);
  BOOST_TEST((analytics->record_click(first, 1) == ClickResult::kCounted));
  BOOST_TEST((analytics->record_click(first, 1) == ClickResult::kRepeated));
  BOOST_TEST((analytics->record_click(first, 3) == ClickResult::kCounted));
  BOOST_TEST((analytics->record_click(first, 11) == ClickResult::kUnknownSearch));
  BOOST_TEST((analytics->record_click("0123456789abcdef0123456789abcdef", 1) ==
              ClickResult::kUnknownSearch));
  analytics->flush();
  AnalyticsReport r = analytics->report("2026-12-07", "2026-12-07", 10);
  BOOST_TEST(r.totals.searches == 3);
  BOOST_TEST(r.totals.zero_results == 1);
  BOOST_TEST(r.totals.clicked_searches == 1);
  BOOST_TEST(r.totals.clicks == 2);
  BOOST_TEST(r.top_queries[0].key == "water");
  BOOST_TEST(r.top_queries[0].counts.searches == 2);
  BOOST_TEST(analytics->counters().written == 5u);
}

BOOST_AUTO_TEST_CASE(a_click_counts_on_the_day_of_its_search) {
  auto analytics = open();
  std::string id = analytics->record_search("night shift", 5).value();
  clock = kRecorderDec7 + 86400 + 60;
  analytics->record_click(id, 2);
  analytics->flush();
  AnalyticsReport r = analytics->report("2026-12-07", "2026-12-08", 10);
  BOOST_TEST(r.days.size() == 1u);
  BOOST_TEST(r.days[0].counts.clicks == 1);
}

BOOST_AUTO_TEST_CASE(forgets_search_ids_past_the_table_bound) {
  options.max_open_searches = 2;
  auto analytics = open();
  std::string oldest = analytics->record_search("a", 5).value();
  analytics->record_search("b", 5);
  std::string newest = analytics->record_search("c", 5).value();
  BOOST_TEST((analytics->record_click(oldest, 1) == ClickResult::kUnknownSearch));
  BOOST_TEST((analytics->record_click(newest, 1) == ClickResult::kCounted));
}

BOOST_AUTO_TEST_CASE(clicks_over_the_rate_are_refused) {
  options.click_rate = 1;  // a burst of 2, then one a second
  auto analytics = open();
  std::string id = analytics->record_search("a", 10).value();
  BOOST_TEST((analytics->record_click(id, 1) == ClickResult::kCounted));
  BOOST_TEST((analytics->record_click(id, 2) == ClickResult::kCounted));
  BOOST_TEST((analytics->record_click(id, 3) == ClickResult::kRateLimited));
}

BOOST_AUTO_TEST_CASE(a_full_queue_drops_and_counts) {
  options.queue_bound = 16;
  options.flush_interval = std::chrono::hours(1);
  auto analytics = open();
  // The writer wakes at half the bound; it may or may not have taken a batch yet, so all that is
  // certain is that nothing is lost without being counted.
  for (int i = 0; i < 200; ++i) analytics->record_search("q", 1);
  analytics->flush();
  AnalyticsCounters c = analytics->counters();
  BOOST_TEST(c.dropped > 0u);
  BOOST_TEST(c.written + c.dropped == 200u);
  BOOST_TEST(analytics->report("2026-12-07", "2026-12-07", 1).totals.searches ==
             static_cast<std::int64_t>(c.written));
}

BOOST_AUTO_TEST_CASE(counts_survive_a_restart_and_old_days_expire) {
  options.retention_days = 30;
  {
    auto analytics = open();
    analytics->record_search("kept", 1);
    clock = kRecorderDec7 - 40 * 86400;
    analytics->record_search("expired", 1);
  }  // the destructor writes what is queued
  clock = kRecorderDec7 + 3600;
  auto analytics = open();  // retention runs at start
  AnalyticsReport r = analytics->report("2026-01-01", "2026-12-31", 10);
  BOOST_TEST(r.top_queries.size() == 1u);
  BOOST_TEST(r.top_queries[0].key == "kept");
}

BOOST_AUTO_TEST_SUITE_END()
