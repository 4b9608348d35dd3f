#include "server/analytics.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "core/text.h"
#include "schema/dates.h"

namespace dateline {
namespace {

using Clock = std::chrono::steady_clock;

// Positions remembered per search id; clicks at further positions of one search are ignored.
constexpr std::size_t kMaxClickedPositions = 32;

// One event for the writer: counts to add to (day, query).
struct Event {
  std::string day;
  std::string query;
  QueryCounts counts;
};

// What a search id stands for until it expires.
struct OpenSearch {
  std::string day;
  std::string query;
  std::size_t hits = 0;
  Clock::time_point issued;
  std::vector<int> clicked;  // positions already counted
};

std::string random_search_id() {
  // One generator per thread, seeded from the OS: ids owe nothing to the client.
  thread_local std::mt19937_64 generator{[] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }()};
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(32, '0');
  for (std::size_t half = 0; half < 2; ++half) {
    std::uint64_t bits = generator();
    for (std::size_t i = 0; i < 16; ++i, bits >>= 4) id[half * 16 + i] = kHex[bits & 15];
  }
  return id;
}

}  // namespace

std::string normalise_query(std::string_view q) {
  std::string folded = fold_whitespace(to_lower(q));
  return std::string(utf8_prefix(folded, kMaxAnalyticsQueryBytes));
}

std::string analytics_day(std::int64_t unix_seconds) {
  return format_rfc3339(unix_seconds).substr(0, 10);
}

std::optional<std::int64_t> parse_analytics_day(std::string_view day) {
  if (day.size() != 10 || day[4] != '-' || day[7] != '-') return std::nullopt;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (day[i] < '0' || day[i] > '9') return std::nullopt;
  }
  return parse_timestamp(day);  // checks the date is real (no 2024-02-30)
}

struct Analytics::Impl {
  AnalyticsOptions options;
  std::function<std::int64_t()> now;
  AnalyticsStore writer_store;  // the writer thread's
  std::mutex reader_mutex;
  AnalyticsStore reader_store;  // report()'s, under reader_mutex

  mutable std::mutex mutex;  // everything below
  std::condition_variable wake;
  std::condition_variable stored;
  std::vector<Event> queue;
  std::unordered_map<std::string, OpenSearch> searches;
  std::deque<std::pair<std::string, Clock::time_point>> issued;  // search ids, oldest first
  double tokens = 0;
  Clock::time_point refilled = Clock::now();
  std::uint64_t enqueued = 0;  // events ever queued
  std::uint64_t done = 0;      // of them, stored or lost in a failed write
  std::uint64_t dropped = 0;
  std::uint64_t written = 0;
  bool flush_wanted = false;
  bool stopping = false;
  std::string purged_day;  // the day retention last ran; writer thread only
  std::thread thread;

  Impl(const AnalyticsOptions& opts, std::function<std::int64_t()> clock)
      : options(opts),
        now(clock ? std::move(clock) : std::function<std::int64_t()>(unix_now)),
        writer_store(opts.path),
        reader_store(opts.path),
        tokens(2.0 * opts.click_rate) {
    apply_retention();
    thread = std::thread([this] { run(); });
  }

  // Queues `event` (mutex held); false when the queue is full.
  bool enqueue(Event event) {
    if (queue.size() >= options.queue_bound) {
      ++dropped;
      return false;
    }
    queue.push_back(std::move(event));
    ++enqueued;
    if (queue.size() * 2 >= options.queue_bound) wake.notify_one();  // no need to wait a second
    return true;
  }

  // Forgets search ids past their lifetime or past the table's bound (mutex held).
  void expire(Clock::time_point at) {
    while (!issued.empty() && (issued.front().second + options.search_id_lifetime < at ||
                               issued.size() > options.max_open_searches)) {
      searches.erase(issued.front().first);
      issued.pop_front();
    }
  }

  // Takes a token from the click bucket (mutex held).
  bool take_token(Clock::time_point at) {
    double rate = options.click_rate;
    tokens =
        std::min(2 * rate, tokens + rate * std::chrono::duration<double>(at - refilled).count());
    refilled = at;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  }

  void apply_retention() {
    std::int64_t today = now();
    std::string day = analytics_day(today);
    if (day == purged_day) return;
    purged_day = day;
    std::int64_t keep_from = today - std::int64_t{options.retention_days} * 86400;
    writer_store.delete_before(analytics_day(keep_from));
  }

  // The writer thread: every flush_interval (sooner when the queue is half full or a flush is
  // asked for), the queue is summed per (day, query) and added in one transaction.
  void run() {
    std::unique_lock lock(mutex);
    while (true) {
      wake.wait_for(lock, options.flush_interval, [this] {
        return stopping || flush_wanted || queue.size() * 2 >= options.queue_bound;
      });
      std::vector<Event> batch;
      batch.swap(queue);
      flush_wanted = false;
      bool last = stopping;
      lock.unlock();
      std::uint64_t stored_now = write(batch);
      lock.lock();
      written += stored_now;
      dropped += batch.size() - stored_now;
      done += batch.size();
      stored.notify_all();
      if (last && queue.empty()) return;
    }
  }

  // Stores `batch`; returns how many events made it (all or none).
  std::uint64_t write(const std::vector<Event>& batch) {
    try {
      apply_retention();
      if (batch.empty()) return 0;
      std::map<std::pair<std::string_view, std::string_view>, QueryCounts> sums;
      for (const Event& e : batch) sums[{e.day, e.query}] += e.counts;
      std::vector<AnalyticsDelta> deltas;
      deltas.reserve(sums.size());
      for (const auto& [key, counts] : sums) {
        deltas.push_back({std::string(key.first), std::string(key.second), counts});
      }
      writer_store.add(deltas);
      return batch.size();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "event=analytics_write_failed events=%zu error=\"%s\"\n", batch.size(),
                   e.what());
      return 0;
    }
  }
};

Analytics::Analytics(const AnalyticsOptions& options, std::function<std::int64_t()> now)
    : impl_(std::make_unique<Impl>(options, std::move(now))) {}

Analytics::~Analytics() {
  {
    std::lock_guard lock(impl_->mutex);
    impl_->stopping = true;
  }
  impl_->wake.notify_one();
  impl_->thread.join();
}

std::optional<std::string> Analytics::record_search(std::string_view q, std::size_t hits) {
  std::string query = normalise_query(q);
  if (query.empty()) return std::nullopt;
  std::string day = analytics_day(impl_->now());
  std::string id = random_search_id();
  Clock::time_point at = Clock::now();
  QueryCounts counts;
  counts.searches = 1;
  counts.zero_results = hits == 0 ? 1 : 0;
  std::lock_guard lock(impl_->mutex);
  impl_->enqueue({day, query, counts});
  impl_->searches[id] = {std::move(day), std::move(query), hits, at, {}};
  impl_->issued.emplace_back(id, at);
  impl_->expire(at);
  return id;
}

ClickResult Analytics::record_click(std::string_view search_id, int position) {
  Clock::time_point at = Clock::now();
  std::lock_guard lock(impl_->mutex);
  impl_->expire(at);
  auto it = impl_->searches.find(std::string(search_id));
  if (it == impl_->searches.end() || position < 1 ||
      static_cast<std::size_t>(position) > it->second.hits) {
    return ClickResult::kUnknownSearch;
  }
  OpenSearch& search = it->second;
  if (std::find(search.clicked.begin(), search.clicked.end(), position) != search.clicked.end() ||
      search.clicked.size() >= kMaxClickedPositions) {
    return ClickResult::kRepeated;
  }
  if (!impl_->take_token(at)) return ClickResult::kRateLimited;
  QueryCounts counts;
  counts.clicks = 1;
  counts.clicked_searches = search.clicked.empty() ? 1 : 0;
  if (!impl_->enqueue({search.day, search.query, counts})) return ClickResult::kDropped;
  search.clicked.push_back(position);
  return ClickResult::kCounted;
}

AnalyticsReport Analytics::report(const std::string& from, const std::string& to, int limit) {
  std::lock_guard lock(impl_->reader_mutex);
  return impl_->reader_store.report(from, to, limit);
}

void Analytics::flush() {
  std::unique_lock lock(impl_->mutex);
  std::uint64_t target = impl_->enqueued;
  impl_->flush_wanted = true;
  impl_->wake.notify_one();
  impl_->stored.wait(lock, [&] { return impl_->done >= target; });
}

AnalyticsCounters Analytics::counters() const {
  std::lock_guard lock(impl_->mutex);
  return {impl_->queue.size(), impl_->dropped, impl_->written};
}

std::int64_t Analytics::now() const { return impl_->now(); }

}  // namespace dateline
