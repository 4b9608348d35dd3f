// The search analytics store: per-day counts of reader searches by normalised query, in an SQLite
// file (WAL mode) that survives restarts. No HTTP and no Xapian here; the recorder
// (server/analytics.h) is the only writer and batches into it from one background thread.
//
// What is stored, and nothing else: day (UTC, "YYYY-MM-DD"), normalised query text, and four
// counts. No client address, no cookie, no user id, no article id.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace dateline {

struct QueryCounts {
  std::int64_t searches = 0;          // page-1 reader searches
  std::int64_t zero_results = 0;      // of them, those that found nothing
  std::int64_t clicked_searches = 0;  // of them, those after which a result was opened
  std::int64_t clicks = 0;            // results opened (once per search and position)

  // Searches that found something and after which nothing was opened.
  std::int64_t no_clicks() const { return searches - zero_results - clicked_searches; }
  QueryCounts& operator+=(const QueryCounts& other);
};

// Counts to add to one (day, query) row.
struct AnalyticsDelta {
  std::string day;    // "YYYY-MM-DD"
  std::string query;  // normalised (normalise_query)
  QueryCounts counts;
};

struct AnalyticsRow {
  std::string key;  // a day ("YYYY-MM-DD") or a query, as the list says
  QueryCounts counts;
};

// What GET /v1/analytics shows for a range of days.
struct AnalyticsReport {
  std::vector<AnalyticsRow> days;                 // every day with a search, oldest first
  std::vector<AnalyticsRow> top_queries;          // most searched first
  std::vector<AnalyticsRow> zero_result_queries;  // most zero-result searches first
  std::vector<AnalyticsRow> no_click_queries;     // most searches without a click first
  QueryCounts totals;
};

class AnalyticsStore {
 public:
  // Opens, or creates, the store at `path` (WAL journal, waits up to 2 s for another writer's
  // lock). Throws Error(kUnavailable) naming the path and SQLite's reason.
  explicit AnalyticsStore(const std::string& path);
  ~AnalyticsStore();
  AnalyticsStore(const AnalyticsStore&) = delete;
  AnalyticsStore& operator=(const AnalyticsStore&) = delete;

  // Adds every delta in one transaction. Throws Error(kUnavailable) (nothing is added then).
  void add(const std::vector<AnalyticsDelta>& deltas);

  // Retention: deletes the days before `day`; returns the rows deleted.
  std::int64_t delete_before(const std::string& day);

  // The days from `from` to `to` (inclusive, "YYYY-MM-DD"), each query list cut at `limit`.
  AnalyticsReport report(const std::string& from, const std::string& to, int limit);

  // Not thread-safe: one thread at a time per store (a second store on the same file may read
  // while this one writes).
 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dateline
