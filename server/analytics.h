// Search analytics, the recorder: what the router calls on a reader's search and on a click.
// Neither call touches SQLite: an event goes into a bounded in-memory queue, and one background
// thread batches the queue into the store (server/analytics_store.h) about once a second. When
// the queue is full the event is dropped and counted (`dropped` in the report), so a slow disk can
// never slow a search. No HTTP types here.
//
// A search id is an opaque random token (32 hex digits), not derived from anything about the
// client. It maps, in a bounded in-memory table, to the search's normalised query and day, so a
// later click can be credited to them; ids older than an hour, or pushed out by newer ones past
// the table's bound, are forgotten (their clicks are ignored).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "server/analytics_store.h"

namespace dateline {

struct AnalyticsOptions {
  bool enabled = true;  // false: no store is opened, searches get no search_id
  // The SQLite file. "" = next to the index: "<db>.analytics.sqlite" (HttpServer resolves it);
  // never a path from a request.
  std::string path;
  unsigned retention_days = 90;     // days older than this are deleted (at start and daily)
  std::size_t queue_bound = 10000;  // events waiting for the writer; past it, dropped and counted
  unsigned click_rate = 100;        // clicks accepted per second, server-wide (burst: 2 s worth)
  std::size_t max_open_searches = 100000;          // search ids remembered for clicks
  std::chrono::seconds search_id_lifetime{3600};   // a click later than this is ignored
  std::chrono::milliseconds flush_interval{1000};  // the writer's batching period
};

// The form a query is counted under: Unicode-lowercased, whitespace runs folded to one space and
// trimmed, cut to at most 200 bytes (at a UTF-8 boundary). "" for a query of only whitespace.
std::string normalise_query(std::string_view q);
inline constexpr std::size_t kMaxAnalyticsQueryBytes = 200;

// The UTC day of `unix_seconds`, "YYYY-MM-DD".
std::string analytics_day(std::int64_t unix_seconds);
// Unix seconds of the start of `day` ("YYYY-MM-DD", a real date), or nullopt.
std::optional<std::int64_t> parse_analytics_day(std::string_view day);

struct AnalyticsCounters {
  std::uint64_t queued = 0;   // waiting for the writer now
  std::uint64_t dropped = 0;  // events lost since start (queue full, or the store failed)
  std::uint64_t written = 0;  // events stored since start
};

enum class ClickResult {
  kCounted,        // first click of this search at this position
  kRepeated,       // this search and position were counted already
  kUnknownSearch,  // no such search id (never issued, expired or forgotten)
  kRateLimited,    // over click_rate: not counted
  kDropped,        // the queue was full: not counted
};

class Analytics {
 public:
  // Opens (creates) the store at options.path, applies retention and starts the writer thread.
  // `now` gives unix seconds (tests pass a fake clock). Throws Error(kUnavailable) when the store
  // cannot be opened.
  explicit Analytics(const AnalyticsOptions& options, std::function<std::int64_t()> now = nullptr);
  // Writes what is queued, then stops the writer thread.
  ~Analytics();
  Analytics(const Analytics&) = delete;
  Analytics& operator=(const Analytics&) = delete;

  // A reader's search for `q` that showed `hits` hits (0: it found nothing). Returns its new
  // search id, or nullopt for a blank `q` (not counted). Never blocks on the store. Thread-safe.
  std::optional<std::string> record_search(std::string_view q, std::size_t hits);

  // A click on the hit at `position` (1-based) of the search `search_id`; a position past the
  // hits that search showed is treated as an unknown search. Thread-safe.
  ClickResult record_click(std::string_view search_id, int position);

  // The stored counts for the days from..to (see AnalyticsStore::report); events still queued
  // are not in it yet. Thread-safe (reads through a connection of its own).
  AnalyticsReport report(const std::string& from, const std::string& to, int limit);

  // Blocks until every event queued before the call is stored (or dropped). Thread-safe.
  void flush();

  AnalyticsCounters counters() const;
  std::int64_t now() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dateline
