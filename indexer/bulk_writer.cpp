#include "indexer/bulk_writer.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <thread>

#include <sys/resource.h>
#include <unistd.h>

#include "core/error.h"
#include "core/text.h"
#include "index/database.h"
#include "index/format.h"
#include "indexer/document_builder.h"
#include "indexer/story_founders.h"

namespace dateline {
namespace fs = std::filesystem;

namespace {

// A writer's queue holds up to a quarter of its batch (in input bytes), so that while one writer
// commits (seconds of B-tree work) the reader keeps the other writers fed instead of blocking on
// the committing writer's full queue.
constexpr std::size_t kQueueShareOfBatch = 4;
// Xapian's buffered postings, positions and termlists take many times the
// article's text: peak RSS of a writer is about 25 bytes per buffered input byte (measured on the
// generated corpus, docs/BENCHMARKS.md).
constexpr std::size_t kMemoryPerInputByte = 25;
// A writer's spelling words (indexer/spelling_counts.h) may take an eighth of its memory share;
// at the default 1,024 MB and two writers that is about 700,000 distinct words each.
constexpr std::size_t kSpellingShareDivisor = 8;

// FNV-1a, then mixed so that `hash % writers` uses every bit.
std::uint64_t id_hash(const std::string& id) {
  std::uint64_t h = fnv1a64(id);
  h ^= h >> 31;
  h *= 0x94d049bb133111ebull;
  h ^= h >> 29;
  return h;
}

// A shard open for the merge holds a descriptor per table (postlist, termlist, position,
// docdata, spelling, synonym), plus slack.
constexpr std::size_t kFilesPerShard = 8;
constexpr std::size_t kFilesReserved = 64;

// How many shards one merge may open: raises the soft open-file limit to the hard one (a cron
// job often starts with 1,024), then leaves room for the rest of the process.
std::size_t merge_fan_in_from_file_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 64;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < limit.rlim_max) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  std::size_t files = limit.rlim_cur == RLIM_INFINITY ? std::size_t{1} << 20
                                                      : static_cast<std::size_t>(limit.rlim_cur);
  if (files <= kFilesReserved + 2 * kFilesPerShard) return 2;
  return (files - kFilesReserved) / kFilesPerShard;
}

// Compacts `dirs` into `out` in one pass, with B-trees of `block_size` bytes (0: Xapian's).
void merge_into(const std::vector<std::string>& dirs, const std::string& out, int block_size = 0) {
  Xapian::Database all;
  for (const std::string& dir : dirs) all.add_database(Xapian::Database(dir));
  all.compact(out, 0, block_size);
}

std::size_t article_bytes(const Article& a) {
  std::size_t n = a.id.size() + a.title.size() + a.summary.size() + a.body.size() + a.url.size();
  for (const auto& s : a.authors) n += s.size();
  for (const auto& s : a.tags) n += s.size();
  return n + 256;
}

}  // namespace

bool index_is_empty(const std::string& path) {
  if (!fs::exists(path)) return true;
  if (fs::is_directory(path) && fs::is_empty(path)) return true;
  return open_index_for_reading(path).get_doccount() == 0;
}

// One shard writer thread with its own queue, document builder and shards.
class BulkWriter::Worker {
 public:
  struct Op {
    enum Kind { kUpsert, kDelete, kDeleteOld } kind = kUpsert;
    Article article;  // kUpsert
    StoryInfo story;  // kUpsert
    std::string id;   // kDelete, kDeleteOld
    std::uint32_t shard = 0;
    bool seen = true;  // kUpsert: false when no earlier article of this job had the id
  };

  Worker(const Schema& schema, std::string dir_prefix, std::size_t flush_bytes,
         std::size_t batch_documents, std::size_t spelling_words)
      : schema_(schema),
        prefix_(std::move(dir_prefix)),
        flush_bytes_(flush_bytes),
        batch_documents_(std::max<std::size_t>(batch_documents, 1)),
        spelling_words_(spelling_words),
        queue_limit_(flush_bytes / kQueueShareOfBatch),
        builder_(schema),
        thread_([this] { run(); }) {}

  ~Worker() { stop(); }

  void push(Op op) {
    std::size_t bytes = op_bytes(op);
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [&] { return queue_.empty() || queued_bytes_ + bytes <= queue_limit_; });
    queued_bytes_ += bytes;
    queue_.push_back(std::move(op));
    not_empty_.notify_one();
  }

  // Lets the thread finish its queue, commit and close; returns the shard directories written.
  std::vector<std::string> stop() {
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return dirs_;
      stopping_ = true;
      not_empty_.notify_one();
    }
    if (thread_.joinable()) thread_.join();
    return dirs_;
  }

  std::string error() const {
    std::lock_guard lock(mutex_);
    return error_;
  }

  std::size_t commits() const { return commits_.load(); }

 private:
  static std::size_t op_bytes(const Op& op) {
    return op.kind == Op::kUpsert ? article_bytes(op.article) : op.id.size() + 64;
  }

  std::string shard_dir(std::uint32_t shard) const { return prefix_ + "-" + std::to_string(shard); }

  void open_shard(std::uint32_t shard) {
    if (db_) {
      db_->commit();
      ++commits_;
      db_->close();
    }
    current_ = shard;
    std::string dir = shard_dir(shard);
    // A staging shard is thrown away when the job dies, so it needs neither fsync nor the
    // copy-on-write that keeps an index readable while it is written.
    db_ = std::make_unique<Xapian::WritableDatabase>(
        dir, Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC | Xapian::DB_DANGEROUS);
    db_->set_metadata(kSchemaMetadataKey, schema_to_json(schema_).dump());
    // Spelling words are counted in memory and written once (indexer/spelling_counts.h).
    builder_.count_spelling(spelling_);
    dirs_.push_back(dir);
    pending_bytes_ = 0;
    pending_documents_ = 0;
  }

  void apply(Op& op) {
    if (!db_ || op.shard != current_) {
      if (op.kind != Op::kDeleteOld) open_shard(op.shard);
    }
    std::string term = schema_.id_prefix() + (op.kind == Op::kUpsert ? op.article.id : op.id);
    switch (op.kind) {
      case Op::kUpsert: {
        Xapian::Document doc =
            schema_.story ? builder_.build(op.article, &op.story) : builder_.build(op.article);
        // A new id needs no look-up of an earlier version.
        if (op.seen) {
          db_->replace_document(term, doc);
        } else {
          db_->add_document(doc);
        }
        pending_bytes_ += article_bytes(op.article);
        if (spelling_.size() >= spelling_words_) spelling_.write_to(*db_);
        if (pending_bytes_ >= flush_bytes_ || ++pending_documents_ >= batch_documents_) {
          db_->commit();
          ++commits_;
          pending_bytes_ = 0;
          pending_documents_ = 0;
        }
        break;
      }
      case Op::kDelete:
        db_->delete_document(term);
        break;
      case Op::kDeleteOld:
        if (op.shard == current_) {
          db_->delete_document(term);
        } else {
          old_deletes_[op.shard].push_back(term);
        }
        break;
    }
  }

  void finish_shards() {
    if (!db_) return;
    spelling_.write_to(*db_);
    db_->commit();
    ++commits_;
    db_->close();
    db_.reset();
    for (auto& [shard, terms] : old_deletes_) {
      Xapian::WritableDatabase old(shard_dir(shard), Xapian::DB_OPEN | Xapian::DB_NO_SYNC);
      for (const std::string& term : terms) old.delete_document(term);
      old.commit();
    }
  }

  void run() {
    for (;;) {
      Op op;
      {
        std::unique_lock lock(mutex_);
        not_empty_.wait(lock, [&] { return !queue_.empty() || stopping_; });
        if (queue_.empty()) break;
        op = std::move(queue_.front());
        queue_.pop_front();
        queued_bytes_ -= op_bytes(op);
        not_full_.notify_one();
      }
      if (!failed_) {
        try {
          apply(op);
        } catch (const Xapian::Error& e) {
          fail(e.get_description());
        } catch (const std::exception& e) {
          fail(e.what());
        }
      }
    }
    if (failed_) return;
    try {
      finish_shards();
    } catch (const Xapian::Error& e) {
      fail(e.get_description());
    } catch (const std::exception& e) {
      fail(e.what());
    }
  }

  void fail(const std::string& message) {
    std::lock_guard lock(mutex_);
    failed_ = true;
    if (error_.empty()) error_ = message;
  }

  const Schema& schema_;
  std::string prefix_;
  std::size_t flush_bytes_;
  std::size_t batch_documents_;
  std::size_t spelling_words_;
  std::size_t queue_limit_;
  SpellingCounts spelling_;
  DocumentBuilder builder_;
  std::unique_ptr<Xapian::WritableDatabase> db_;
  std::uint32_t current_ = 0;
  std::size_t pending_bytes_ = 0;
  std::size_t pending_documents_ = 0;
  std::map<std::uint32_t, std::vector<std::string>> old_deletes_;
  std::vector<std::string> dirs_;
  std::atomic<std::size_t> commits_{0};
  std::atomic<bool> failed_{false};

  mutable std::mutex mutex_;
  std::condition_variable not_empty_;
  std::condition_variable not_full_;
  std::deque<Op> queue_;
  std::size_t queued_bytes_ = 0;
  bool stopping_ = false;
  std::string error_;
  std::thread thread_;  // last: starts after every member above exists
};

namespace {

// Opens (creating) the index and holds it: the same lock and schema checks as IndexWriter's.
Xapian::WritableDatabase open_target(const std::string& path, const Schema& schema, bool wait) {
  WriteOpenOptions options;
  options.wait_for_lock = wait;
  Xapian::WritableDatabase db = open_for_writing(path, options);
  adopt_schema(db, schema, path);
  if (db.get_doccount() != 0) {
    throw Error(ErrorKind::kUnavailable, "a bulk build needs an empty index: " + path);
  }
  return db;
}

}  // namespace

BulkWriter::BulkWriter(const std::string& path, const Schema& schema, const BulkOptions& options)
    : path_(fs::path(path).lexically_normal().string()),
      schema_(schema),
      options_(options),
      target_(open_target(path, schema, options.wait_for_lock)),
      stories_(schema.story.value_or(StorySpec{}), options.story_memory) {
  if (!path_.empty() && path_.back() == '/') path_.pop_back();
  staging_ = path_ + ".bulk-staging";
  std::error_code ec;
  fs::remove_all(staging_, ec);  // left by a job that was killed; we hold the index's lock
  fs::create_directories(staging_, ec);
  if (ec) {
    throw Error(ErrorKind::kUnavailable,
                "cannot make staging directory " + staging_ + ": " + ec.message());
  }
  if (options_.jobs == 0) options_.jobs = 1;
  // Each writer's share of the memory bound: most for buffered documents, a part for the
  // spelling words it counts before writing them into its shard.
  std::size_t share = options_.memory_mb * 1024 * 1024 / options_.jobs;
  std::size_t spelling_share = share / kSpellingShareDivisor;
  std::size_t flush_bytes =
      std::max<std::size_t>((share - spelling_share) / kMemoryPerInputByte, 64 * 1024);
  std::size_t spelling_words =
      std::max<std::size_t>(spelling_share / SpellingCounts::kBytesPerWord, 64);
  for (unsigned w = 0; w < options_.jobs; ++w) {
    workers_.push_back(std::make_unique<Worker>(schema_, staging_ + "/w" + std::to_string(w),
                                                flush_bytes, options_.batch_documents,
                                                spelling_words));
  }
  shard_of_.assign(options_.jobs, 0);
  in_shard_.assign(options_.jobs, 0);
}

BulkWriter::~BulkWriter() {
  for (auto& worker : workers_) worker->stop();
  workers_.clear();
  if (!finished_) {
    std::error_code ec;
    fs::remove_all(staging_, ec);
  }
}

void BulkWriter::upsert(Article article) {
  std::uint64_t hash = id_hash(article.id);
  auto w = static_cast<std::size_t>(hash % workers_.size());
  if (++in_shard_[w] > options_.shard_documents) {
    ++shard_of_[w];
    in_shard_[w] = 1;
  }
  std::uint32_t shard = shard_of_[w];
  auto [it, fresh] = placed_.try_emplace(hash, shard);
  if (!fresh && it->second != shard) {
    Worker::Op old;
    old.kind = Worker::Op::kDeleteOld;
    old.id = article.id;
    old.shard = it->second;
    workers_[w]->push(std::move(old));
    it->second = shard;
  }
  Worker::Op op;
  op.kind = Worker::Op::kUpsert;
  op.shard = shard;
  op.seen = !fresh;
  if (schema_.story) {
    op.story = stories_.assign(article);
    if (op.story.joined) joined_stories_.insert(op.story.cluster_id);
  }
  op.article = std::move(article);
  workers_[w]->push(std::move(op));
}

bool BulkWriter::remove(const std::string& id) {
  std::uint64_t hash = id_hash(id);
  auto it = placed_.find(hash);
  if (it == placed_.end()) return false;
  auto w = static_cast<std::size_t>(hash % workers_.size());
  Worker::Op op;
  op.kind = Worker::Op::kDeleteOld;
  op.id = id;
  op.shard = it->second;
  workers_[w]->push(std::move(op));
  placed_.erase(it);
  return true;
}

std::size_t BulkWriter::commits() const {
  std::size_t n = 0;
  for (const auto& worker : workers_) n += worker->commits();
  return n;
}

Xapian::doccount BulkWriter::finish() {
  std::string error;
  shard_dirs_.clear();
  for (auto& worker : workers_) {
    for (const std::string& dir : worker->stop()) shard_dirs_.push_back(dir);
    if (error.empty()) error = worker->error();
  }
  if (!error.empty()) throw Error(ErrorKind::kUnavailable, "bulk build failed: " + error);
  if (shard_dirs_.empty()) {
    // Nothing was written (every record rejected, or no records): the empty index, with its
    // schema, stays as it is.
    target_.close();
    finished_ = true;
    std::error_code ec;
    fs::remove_all(staging_, ec);
    return open_for_reading(path_).get_doccount();
  }

  std::string merged = staging_ + "/merged";
  try {
    // One pass over all shards: at 200,000 articles in 20 shards it took 14 s where the
    // multi-pass merge took 28 s (docs/BENCHMARKS.md). Only when the open-file limit does not
    // allow that many shards open at once are they merged in groups first.
    std::size_t fan_in = options_.merge_fan_in != 0
                             ? std::max<std::size_t>(options_.merge_fan_in, 2)
                             : merge_fan_in_from_file_limit();
    std::vector<std::string> level = shard_dirs_;
    for (int round = 0; level.size() > fan_in; ++round) {
      std::vector<std::string> next;
      for (std::size_t i = 0; i < level.size(); i += fan_in) {
        std::vector<std::string> group(
            level.begin() + static_cast<std::ptrdiff_t>(i),
            level.begin() + static_cast<std::ptrdiff_t>(std::min(i + fan_in, level.size())));
        if (group.size() == 1) {
          next.push_back(group.front());
          continue;
        }
        std::string dir = staging_ + "/m" + std::to_string(round) + "-" + std::to_string(i);
        merge_into(group, dir);
        std::error_code ec;
        for (const std::string& done : group) fs::remove_all(done, ec);  // frees the disk early
        next.push_back(dir);
      }
      level = std::move(next);
    }
    merge_into(level, merged, options_.block_size);
    // The merged index carries the schema from the shards; a story's first article may be in
    // another shard than the articles that joined it, so it gets its collapse value here. Then
    // record when the index was written.
    Xapian::WritableDatabase out(merged, Xapian::DB_OPEN);
    mark_story_founders(out, schema_, joined_stories_);
    stamp_last_commit(out);
    out.commit();
  } catch (const Xapian::Error& e) {
    throw Error(ErrorKind::kUnavailable, "cannot merge the bulk build's shards: " + e.get_msg());
  } catch (const std::exception& e) {
    throw Error(ErrorKind::kUnavailable,
                std::string("cannot merge the bulk build's shards: ") + e.what());
  }
  // Swap the merged index in for the empty one, then let go of the old one's lock.
  std::string old = staging_ + "/empty";
  std::error_code ec;
  fs::rename(path_, old, ec);
  if (!ec) fs::rename(merged, path_, ec);
  if (ec) {
    finished_ = true;  // keep the staging directory: the merged index is there
    throw Error(ErrorKind::kUnavailable, "cannot move the merged index into " + path_ + ": " +
                                             ec.message() + " (it is in " + merged + ")");
  }
  target_.close();
  finished_ = true;
  fs::remove_all(staging_, ec);
  return open_for_reading(path_).get_doccount();
}

}  // namespace dateline
