#include "server/metrics.h"

#include <cinttypes>
#include <cstdio>
#include <filesystem>

#include "core/error.h"
#include "server/search_service.h"

namespace dateline {
namespace {

// A Prometheus label value: backslash, double quote and newline escaped.
std::string label_value(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

constexpr auto kRelaxed = std::memory_order_relaxed;

std::size_t status_slot(unsigned status) {
  for (std::size_t i = 0; i < kCountedStatuses.size(); ++i) {
    if (kCountedStatuses[i] == status) return i;
  }
  return kCountedStatuses.size();
}

void append(std::string& out, const char* format, auto... args) {
  char line[256];
  int n = std::snprintf(line, sizeof line, format, args...);
  if (n > 0) out.append(line, std::min(static_cast<std::size_t>(n), sizeof line - 1));
}

void header(std::string& out, const char* name, const char* type, const char* help) {
  append(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

}  // namespace

const char* metrics_route_name(MetricsRoute route) {
  switch (route) {
    case MetricsRoute::kSearch:
      return "search";
    case MetricsRoute::kSearchRss:
      return "search_rss";
    case MetricsRoute::kSuggest:
      return "suggest";
    case MetricsRoute::kArticle:
      return "article";
    case MetricsRoute::kStats:
      return "stats";
    case MetricsRoute::kHealth:
      return "healthz";
    case MetricsRoute::kMetrics:
      return "metrics";
    case MetricsRoute::kOpenSearch:
      return "opensearch";
    case MetricsRoute::kPage:
      return "page";
    case MetricsRoute::kOther:
      return "other";
    case MetricsRoute::kInvalid:
      return "invalid";
  }
  return "other";
}

void MetricsShard::record(MetricsRoute route, unsigned status, double seconds) noexcept {
  auto r = static_cast<std::size_t>(route);
  requests_[r][status_slot(status)].fetch_add(1, kRelaxed);
  std::size_t bucket = 0;
  while (bucket < kLatencyBuckets.size() && seconds > kLatencyBuckets[bucket]) ++bucket;
  buckets_[r][bucket].fetch_add(1, kRelaxed);
  micros_[r].fetch_add(static_cast<std::uint64_t>(seconds * 1e6), kRelaxed);
}

Metrics::Metrics(std::size_t shards, std::string db_path, std::chrono::seconds disk_bytes_ttl)
    : db_path_(std::move(db_path)), disk_bytes_ttl_(disk_bytes_ttl) {
  for (std::size_t i = 0; i < std::max<std::size_t>(shards, 1); ++i) {
    shards_.push_back(std::make_unique<PaddedShard>());
  }
}

double Metrics::uptime_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
}

std::uintmax_t Metrics::index_disk_bytes() const {
  std::lock_guard lock(disk_mutex_);
  auto now = std::chrono::steady_clock::now();
  if (!disk_walked_ || now - *disk_walked_ >= disk_bytes_ttl_) {
    disk_bytes_ = directory_bytes(db_path_);
    disk_walked_ = now;
  }
  return disk_bytes_;
}

std::string Metrics::render(const IndexGauges& index, std::int64_t now_unix) const {
  std::string out;
  header(out, "dateline_http_requests_total", "counter",
         "HTTP requests answered, by route and status.");
  for (std::size_t r = 0; r < kMetricsRouteCount; ++r) {
    for (std::size_t s = 0; s < MetricsShard::kStatusSlots; ++s) {
      std::uint64_t n = 0;
      for (const auto& shard : shards_) n += shard->requests_[r][s].load(kRelaxed);
      if (n == 0) continue;
      std::string status =
          s < kCountedStatuses.size() ? std::to_string(kCountedStatuses[s]) : "other";
      append(out, "dateline_http_requests_total{route=\"%s\",status=\"%s\"} %" PRIu64 "\n",
             metrics_route_name(static_cast<MetricsRoute>(r)), status.c_str(), n);
    }
  }

  header(out, "dateline_http_request_duration_seconds", "histogram",
         "Time from a complete request to its response, by route.");
  for (std::size_t r = 0; r < kMetricsRouteCount; ++r) {
    std::array<std::uint64_t, MetricsShard::kBucketSlots> counts{};
    std::uint64_t micros = 0;
    for (const auto& shard : shards_) {
      for (std::size_t b = 0; b < counts.size(); ++b)
        counts[b] += shard->buckets_[r][b].load(kRelaxed);
      micros += shard->micros_[r].load(kRelaxed);
    }
    std::uint64_t cumulative = 0;
    for (std::uint64_t c : counts) cumulative += c;
    if (cumulative == 0) continue;
    const char* route = metrics_route_name(static_cast<MetricsRoute>(r));
    cumulative = 0;
    for (std::size_t b = 0; b < counts.size(); ++b) {
      cumulative += counts[b];
      if (b < kLatencyBuckets.size()) {
        append(out,
               "dateline_http_request_duration_seconds_bucket{route=\"%s\",le=\"%g\"} %" PRIu64
               "\n",
               route, kLatencyBuckets[b], cumulative);
      } else {
        append(out,
               "dateline_http_request_duration_seconds_bucket{route=\"%s\",le=\"+Inf\"} %" PRIu64
               "\n",
               route, cumulative);
      }
    }
    append(out, "dateline_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n", route,
           static_cast<double>(micros) / 1e6);
    append(out, "dateline_http_request_duration_seconds_count{route=\"%s\"} %" PRIu64 "\n", route,
           cumulative);
  }

  header(out, "dateline_rejected_records_total", "counter",
         "Records refused by POST /v1/articles since the server started.");
  append(out, "dateline_rejected_records_total %" PRIu64 "\n",
         rejected_records_.load(std::memory_order_relaxed));
  header(out, "dateline_uptime_seconds", "gauge", "Seconds since the server started.");
  append(out, "dateline_uptime_seconds %.3f\n", uptime_seconds());
  header(out, "dateline_index_up", "gauge", "1 when the index could be read at scrape time.");
  append(out, "dateline_index_up %d\n", index.available ? 1 : 0);
  if (!index.available) return out;
  header(out, "dateline_index_documents", "gauge", "Documents in the index.");
  append(out, "dateline_index_documents %zu\n", index.documents);
  header(out, "dateline_index_size_bytes", "gauge", "Size of the index directory on disk.");
  append(out, "dateline_index_size_bytes %ju\n", index.disk_bytes);
  if (index.last_commit > 0) {
    header(out, "dateline_index_last_commit_age_seconds", "gauge",
           "Seconds since the last commit by dateline index.");
    append(out, "dateline_index_last_commit_age_seconds %" PRId64 "\n",
           std::max<std::int64_t>(0, now_unix - index.last_commit));
  }
  if (!index.shards.empty()) {
    header(out, "dateline_shard_up", "gauge",
           "1 while the shard of a sharded index answers, 0 while it is left out.");
    for (const ShardHealth& shard : index.shards) {
      append(out, "dateline_shard_up{shard=\"%s\"} %d\n", label_value(shard.name).c_str(),
             shard.up ? 1 : 0);
    }
    header(out, "dateline_shard_documents", "gauge", "Documents in the shard (0 while down).");
    for (const ShardHealth& shard : index.shards) {
      append(out, "dateline_shard_documents{shard=\"%s\"} %u\n", label_value(shard.name).c_str(),
             static_cast<unsigned>(shard.documents));
    }
    header(out, "dateline_shard_behind_seconds", "gauge",
           "How far the shard's last commit is behind the index's (a replica catching up).");
    for (const ShardHealth& shard : index.shards) {
      if (!shard.behind_seconds) continue;
      append(out, "dateline_shard_behind_seconds{shard=\"%s\"} %" PRId64 "\n",
             label_value(shard.name).c_str(), *shard.behind_seconds);
    }
  }
  return out;
}

IndexGauges read_index_gauges(SearchService& service, const Metrics& metrics) {
  IndexGauges gauges;
  try {
    IndexStats stats = service.stats();
    gauges.available = true;
    gauges.documents = stats.documents;
    gauges.last_commit = stats.last_commit;
    gauges.shards = std::move(stats.shards);
    gauges.disk_bytes = metrics.index_disk_bytes();
  } catch (const Error&) {
    gauges.available = false;
  }
  return gauges;
}

std::uintmax_t directory_bytes(const std::string& path) {
  std::uintmax_t total = 0;
  std::error_code ec;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(path, ec)) {
    if (entry.is_regular_file(ec)) total += entry.file_size(ec);
  }
  return total;
}

}  // namespace dateline
