#include "server/analytics_store.h"

#include <sqlite3.h>

#include "core/error.h"

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

// Statements run with their parameters bound; finalized on scope exit.
class Statement {
 public:
  Statement(sqlite3* db, const std::string& sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt_, nullptr) != SQLITE_OK) fail("prepare");
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void bind(int index, const std::string& text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
  void bind(int index, std::int64_t value) { sqlite3_bind_int64(stmt_, index, value); }

  // Steps once: true with a row, false when done.
  bool step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc != SQLITE_DONE) fail("step");
    return false;
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::string text(int column) const {
    const auto* p = sqlite3_column_text(stmt_, column);
    return p ? std::string(reinterpret_cast<const char*>(p),
                           static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)))
             : std::string();
  }
  std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }
  QueryCounts counts(int first) const {
    return {integer(first), integer(first + 1), integer(first + 2), integer(first + 3)};
  }

 private:
  [[noreturn]] void fail(const char* what) const {
    throw Error(ErrorKind::kUnavailable,
                std::string("analytics store: ") + what + ": " + sqlite3_errmsg(db_));
  }
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace

QueryCounts& QueryCounts::operator+=(const QueryCounts& other) {
  searches += other.searches;
  zero_results += other.zero_results;
  clicked_searches += other.clicked_searches;
  clicks += other.clicks;
  return *this;
}

struct AnalyticsStore::Impl {
  sqlite3* db = nullptr;

  void exec(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
      std::string reason = message ? message : sqlite3_errmsg(db);
      sqlite3_free(message);
      throw Error(ErrorKind::kUnavailable, "analytics store: " + reason);
    }
  }

  // The rows of `sql` (a query selecting key then the four counts, from ?1 to ?2, limit ?3).
  std::vector<AnalyticsRow> rows(const std::string& sql, const std::string& from,
                                 const std::string& to, int limit) {
    Statement statement(db, sql);
    statement.bind(1, from);
    statement.bind(2, to);
    statement.bind(3, std::int64_t{limit});
    std::vector<AnalyticsRow> out;
    while (statement.step()) out.push_back({statement.text(0), statement.counts(1)});
    return out;
  }
};

AnalyticsStore::AnalyticsStore(const std::string& path) : impl_(std::make_unique<Impl>()) {
  int rc =
      sqlite3_open_v2(path.c_str(), &impl_->db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    std::string reason = impl_->db ? sqlite3_errmsg(impl_->db) : sqlite3_errstr(rc);
    sqlite3_close(impl_->db);
    throw Error(ErrorKind::kUnavailable, "cannot open the analytics store " + path + ": " + reason);
  }
  try {
    sqlite3_busy_timeout(impl_->db, 2000);
    impl_->exec("PRAGMA journal_mode=WAL");
    impl_->exec("PRAGMA synchronous=NORMAL");
    impl_->exec(kSchema);
  } catch (const Error& e) {
    sqlite3_close(impl_->db);
    throw Error(ErrorKind::kUnavailable, path + ": " + e.what());
  }
}

AnalyticsStore::~AnalyticsStore() { sqlite3_close(impl_->db); }

void AnalyticsStore::add(const std::vector<AnalyticsDelta>& deltas) {
  if (deltas.empty()) return;
  impl_->exec("BEGIN IMMEDIATE");
  try {
    Statement upsert(impl_->db, kUpsert);
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
    impl_->exec("COMMIT");
  } catch (...) {
    sqlite3_exec(impl_->db, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

std::int64_t AnalyticsStore::delete_before(const std::string& day) {
  Statement statement(impl_->db, "DELETE FROM daily_queries WHERE day < ?1");
  statement.bind(1, day);
  statement.step();
  return sqlite3_changes(impl_->db);
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
