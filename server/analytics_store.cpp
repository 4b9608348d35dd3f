#include "server/analytics_store.h"

#include "core/sqlite.h"

namespace dateline {
namespace {

// One row per day and normalised query. The primary key makes the daily upsert and the range
// scans of a report index lookups. Changing a column means a migration: add, never rename.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS daily_queries (
  day TEXT NOT NULL,
  query TEXT NOT NULL,
  searches INTEGER NOT NULL DEFAULT 0,
  zero_results INTEGER NOT NULL DEFAULT 0,
  clicked_searches INTEGER NOT NULL DEFAULT 0,
  clicks INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (day, query)
) WITHOUT ROWID;
)sql";

constexpr const char* kUpsert = R"sql(
INSERT INTO daily_queries (day, query, searches, zero_results, clicked_searches, clicks)
VALUES (?1, ?2, ?3, ?4, ?5, ?6)
ON CONFLICT (day, query) DO UPDATE SET
  searches = searches + excluded.searches,
  zero_results = zero_results + excluded.zero_results,
  clicked_searches = clicked_searches + excluded.clicked_searches,
  clicks = clicks + excluded.clicks
)sql";

constexpr const char* kCounts =
    "SUM(searches), SUM(zero_results), SUM(clicked_searches), SUM(clicks)";

QueryCounts counts_at(const SqliteStatement& statement, int first) {
  return {statement.integer(first), statement.integer(first + 1), statement.integer(first + 2),
          statement.integer(first + 3)};
}

}  // namespace

QueryCounts& QueryCounts::operator+=(const QueryCounts& other) {
  searches += other.searches;
  zero_results += other.zero_results;
  clicked_searches += other.clicked_searches;
  clicks += other.clicks;
  return *this;
}

struct AnalyticsStore::Impl {
  SqliteDb db;

  explicit Impl(const std::string& path) : db(path, "analytics store", kSchema) {}

  // The rows of `sql` (a query selecting key then the four counts, from ?1 to ?2, limit ?3).
  std::vector<AnalyticsRow> rows(const std::string& sql, const std::string& from,
                                 const std::string& to, int limit) {
    SqliteStatement statement(db, sql);
    statement.bind(1, from);
    statement.bind(2, to);
    statement.bind(3, std::int64_t{limit});
    std::vector<AnalyticsRow> out;
    while (statement.step()) out.push_back({statement.text(0), counts_at(statement, 1)});
    return out;
  }
};

AnalyticsStore::AnalyticsStore(const std::string& path) : impl_(std::make_unique<Impl>(path)) {}

AnalyticsStore::~AnalyticsStore() = default;

void AnalyticsStore::add(const std::vector<AnalyticsDelta>& deltas) {
  if (deltas.empty()) return;
  impl_->db.transaction([&] {
    SqliteStatement upsert(impl_->db, kUpsert);
    for (const AnalyticsDelta& delta : deltas) {
      upsert.bind(1, delta.day);
      upsert.bind(2, delta.query);
      upsert.bind(3, delta.counts.searches);
      upsert.bind(4, delta.counts.zero_results);
      upsert.bind(5, delta.counts.clicked_searches);
      upsert.bind(6, delta.counts.clicks);
      upsert.step();
      upsert.reset();
    }
  });
}

std::int64_t AnalyticsStore::delete_before(const std::string& day) {
  SqliteStatement statement(impl_->db, "DELETE FROM daily_queries WHERE day < ?1");
  statement.bind(1, day);
  statement.step();
  return impl_->db.changes();
}

AnalyticsReport AnalyticsStore::report(const std::string& from, const std::string& to, int limit) {
  const std::string counts = kCounts;
  const std::string range = " FROM daily_queries WHERE day BETWEEN ?1 AND ?2 ";
  const std::string by_query = "SELECT query, " + counts + range + "GROUP BY query ";
  AnalyticsReport report;
  report.days = impl_->rows("SELECT day, " + counts + range + "GROUP BY day ORDER BY day LIMIT -1",
                            from, to, limit);
  for (const AnalyticsRow& day : report.days) report.totals += day.counts;
  report.top_queries =
      impl_->rows(by_query + "ORDER BY SUM(searches) DESC, query LIMIT ?3", from, to, limit);
  report.zero_result_queries = impl_->rows(by_query +
                                               "HAVING SUM(zero_results) > 0 "
                                               "ORDER BY SUM(zero_results) DESC, query LIMIT ?3",
                                           from, to, limit);
  const std::string no_clicks = "SUM(searches) - SUM(zero_results) - SUM(clicked_searches)";
  report.no_click_queries = impl_->rows(
      by_query + "HAVING " + no_clicks + " > 0 ORDER BY " + no_clicks + " DESC, query LIMIT ?3",
      from, to, limit);
  return report;
}

}  // namespace dateline
