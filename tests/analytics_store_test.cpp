#include "server/analytics_store.h"

#include <boost/test/unit_test.hpp>

#include "core/error.h"
#include "tests/test_support.h"

using namespace dateline;

namespace {

AnalyticsDelta delta(const std::string& day, const std::string& query, std::int64_t searches,
                     std::int64_t zero = 0, std::int64_t clicked = 0, std::int64_t clicks = 0) {
  return {day, query, {searches, zero, clicked, clicks}};
}

std::int64_t searches_of(const std::vector<AnalyticsRow>& rows, const std::string& key) {
  for (const AnalyticsRow& row : rows) {
    if (row.key == key) return row.counts.searches;
  }
  return -1;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(analytics_store)

BOOST_AUTO_TEST_CASE(adds_up_counts_per_day_and_query) {
  test::TempDir dir;
  AnalyticsStore store(dir.str("a.sqlite"));
  store.add({delta("2026-12-01", "water", 3, 0, 2, 3), delta("2026-12-01", "lumora", 2, 2)});
  store.add({delta("2026-12-01", "water", 1, 0, 0, 0), delta("2026-12-02", "water", 5, 0, 1, 1),
             delta("2026-12-02", "drought", 4, 0, 0, 0)});
  AnalyticsReport r = store.report("2026-12-01", "2026-12-02", 10);
  BOOST_TEST(r.days.size() == 2u);
  BOOST_TEST(r.days[0].key == "2026-12-01");
  BOOST_TEST(r.days[0].counts.searches == 6);
  BOOST_TEST(r.days[1].counts.searches == 9);
  BOOST_TEST(r.totals.searches == 15);
  BOOST_TEST(r.totals.zero_results == 2);
  BOOST_TEST(r.totals.clicked_searches == 3);
  BOOST_TEST(r.totals.clicks == 4);
  BOOST_TEST(r.top_queries.size() == 3u);
  BOOST_TEST(r.top_queries[0].key == "water");
  BOOST_TEST(r.top_queries[0].counts.searches == 9);
  BOOST_TEST(r.top_queries[0].counts.clicked_searches == 3);
  BOOST_TEST(r.zero_result_queries.size() == 1u);
  BOOST_TEST(r.zero_result_queries[0].key == "lumora");
  // Searches that found something and were not followed by a click: water 6, drought 4.
  BOOST_TEST(r.no_click_queries.size() == 2u);
  BOOST_TEST(r.no_click_queries[0].key == "water");
  BOOST_TEST(r.no_click_queries[0].counts.no_clicks() == 6);
  BOOST_TEST(r.no_click_queries[1].key == "drought");
}

BOOST_AUTO_TEST_CASE(report_keeps_to_the_range_and_the_limit) {
  test::TempDir dir;
  AnalyticsStore store(dir.str("a.sqlite"));
  store.add({delta("2026-11-30", "old", 9), delta("2026-12-01", "a", 3),
             delta("2026-12-01", "b", 2), delta("2026-12-01", "c", 1),
             delta("2026-12-03", "late", 9)});
  AnalyticsReport r = store.report("2026-12-01", "2026-12-02", 2);
  BOOST_TEST(r.days.size() == 1u);
  BOOST_TEST(r.top_queries.size() == 2u);
  BOOST_TEST(searches_of(r.top_queries, "a") == 3);
  BOOST_TEST(searches_of(r.top_queries, "old") == -1);
  BOOST_TEST(r.totals.searches == 6);
}

BOOST_AUTO_TEST_CASE(retention_deletes_days_before_the_cut) {
  test::TempDir dir;
  AnalyticsStore store(dir.str("a.sqlite"));
  store.add(
      {delta("2026-09-01", "x", 1), delta("2026-09-02", "x", 1), delta("2026-12-01", "x", 1)});
  BOOST_TEST(store.delete_before("2026-09-02") == 1);
  AnalyticsReport r = store.report("2026-01-01", "2026-12-31", 10);
  BOOST_TEST(r.days.size() == 2u);
  BOOST_TEST(r.days[0].key == "2026-09-02");
}

BOOST_AUTO_TEST_CASE(counts_survive_reopening) {
  test::TempDir dir;
  std::string path = dir.str("a.sqlite");
  { AnalyticsStore(path).add({delta("2026-12-01", "water", 2)}); }
  AnalyticsStore store(path);
  store.add({delta("2026-12-01", "water", 1)});
  BOOST_TEST(store.report("2026-12-01", "2026-12-01", 5).top_queries[0].counts.searches == 3);
}

BOOST_AUTO_TEST_CASE(an_unopenable_path_is_unavailable) {
  test::TempDir dir;
  BOOST_CHECK_EXCEPTION(AnalyticsStore(dir.str("missing/dir/a.sqlite")), Error,
                        [](const Error& e) { return e.kind() == ErrorKind::kUnavailable; });
}

BOOST_AUTO_TEST_SUITE_END()
