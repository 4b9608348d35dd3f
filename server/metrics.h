// Request metrics and their Prometheus text form (GET /metrics).
//
// Counting must not make requests contend: each worker thread records into its own shard of
// relaxed atomics (a cache line apart from the others), and a scrape sums the shards. A scrape
// may see a request counted but not yet in the histogram; Prometheus tolerates that.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "index/shard_set.h"

namespace dateline {

class SearchService;

// The routes requests are counted by (each route of the router's table names its own:
// request_metrics_route in server/router.h). A label set must stay small, so every unknown path
// is kOther and a request that could not be parsed is kInvalid.
enum class MetricsRoute {
  kSearch,
  kSearchRss,
  kSuggest,
  kArticle,
  kStats,
  kHealth,
  kMetrics,
  kOpenSearch,
  kPage,
  kOther,
  kInvalid,
};
constexpr std::size_t kMetricsRouteCount = 11;

// Its label value ("search", "search_rss", "suggest", "article", ...).
const char* metrics_route_name(MetricsRoute route);

// Upper bounds (seconds) of the latency histogram buckets; +Inf is implied.
inline constexpr std::array<double, 12> kLatencyBuckets = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5};

// The status codes counted by their own label; any other is counted as "other".
inline constexpr std::array<unsigned, 14> kCountedStatuses = {200, 204, 304, 400, 403, 404, 405,
                                                              408, 413, 414, 431, 500, 503, 504};

// One worker thread's counters. record() is wait-free; only its own thread should call it.
class MetricsShard {
 public:
  void record(MetricsRoute route, unsigned status, double seconds) noexcept;

 private:
  friend class Metrics;
  static constexpr std::size_t kStatusSlots = kCountedStatuses.size() + 1;
  static constexpr std::size_t kBucketSlots = kLatencyBuckets.size() + 1;
  std::array<std::array<std::atomic<std::uint64_t>, kStatusSlots>, kMetricsRouteCount> requests_{};
  std::array<std::array<std::atomic<std::uint64_t>, kBucketSlots>, kMetricsRouteCount> buckets_{};
  std::array<std::atomic<std::uint64_t>, kMetricsRouteCount> micros_{};  // sum of latencies
};

// What the index looks like at scrape time.
struct IndexGauges {
  bool available = false;  // false: the index could not be read; no index gauges are written
  std::size_t documents = 0;
  std::uintmax_t disk_bytes = 0;
  std::int64_t last_commit = 0;     // unix seconds; 0 when unknown
  std::vector<ShardHealth> shards;  // a sharded index's shards
};

class Metrics {
 public:
  // `shards`: one per worker thread. `db_path`: the index whose size is reported, measured at
  // most once per `disk_bytes_ttl` (walking a large index on every scrape is not cheap).
  Metrics(std::size_t shards, std::string db_path,
          std::chrono::seconds disk_bytes_ttl = std::chrono::seconds(60));

  MetricsShard& shard(std::size_t index) { return *shards_.at(index); }
  const std::string& db_path() const { return db_path_; }
  double uptime_seconds() const;

  // directory_bytes(db_path), walked again only when the last walk is older than the TTL.
  // Thread-safe: one caller walks, concurrent callers wait for its result.
  std::uintmax_t index_disk_bytes() const;

  // The Prometheus text exposition (format 0.0.4) of every counter plus `index` and uptime.
  // `now_unix` is the wall clock used for the age of the last commit. Thread-safe.
  std::string render(const IndexGauges& index, std::int64_t now_unix) const;

  // Counts records refused by the admin API (POST /v1/articles). Thread-safe, wait-free.
  void add_rejected_records(std::uint64_t n) const noexcept {
    rejected_records_.fetch_add(n, std::memory_order_relaxed);
  }

 private:
  struct alignas(64) PaddedShard : MetricsShard {};
  std::vector<std::unique_ptr<PaddedShard>> shards_;
  std::string db_path_;
  mutable std::atomic<std::uint64_t> rejected_records_{0};
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
  std::chrono::seconds disk_bytes_ttl_;
  mutable std::mutex disk_mutex_;  // guards the two below
  mutable std::uintmax_t disk_bytes_ = 0;
  mutable std::optional<std::chrono::steady_clock::time_point> disk_walked_;
};

// Reads the gauges of the index `service` serves (disk size: metrics.index_disk_bytes()); never
// throws.
IndexGauges read_index_gauges(SearchService& service, const Metrics& metrics);

// Total bytes of the regular files under `path` (0 when it cannot be read).
std::uintmax_t directory_bytes(const std::string& path);

// The Content-Type of the Prometheus text format.
inline constexpr const char* kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace dateline
