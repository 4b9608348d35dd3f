// The bulk writer: builds a new (or empty) index with several shard writers in parallel, then
// merges the shards into the index with Xapian's compactor. Used by index jobs that start from an
// empty index; an index that already holds documents is updated by the one IndexWriter instead.
//
// Why: a Xapian writer is single-threaded, and its cost per document grows with both its batch
// and its index. Xapian buffers a batch in ordered maps keyed by term and then by document, so
// every posting added walks trees as deep as the batch is long; and each commit merges into
// B-trees as large as the index. Here each of `jobs` threads builds documents (term generation,
// spelling words counted in memory and written once, indexer/spelling_counts.h) and writes its
// own shards, committing every `batch_documents` documents (small
// maps that stay in cache) and starting a fresh shard every `shard_documents` (small trees to
// commit into); the final compaction merges all shards in one linear pass and leaves a compact
// index (in groups first when the open-file limit cannot hold every shard open). Measured:
// 1,000-document batches in 10,000-document shards took half the CPU per article of Xapian's
// default 10,000-document batches into one index (docs/BENCHMARKS.md).
//
// Upserts: an article always goes to the thread chosen by a hash of its id, so a repeated id is
// replaced in place, or deleted from the earlier shard it went to before the merge; deletes are
// routed the same way. Story clusters come from an in-memory StoryIndex in input order, so the
// same input gives the same clusters as one writer would.
//
// Xapian would also flush each writer every 10,000 documents on its own; `dateline` sets
// XAPIAN_FLUSH_THRESHOLD in main() (cli/main.cpp) so that the memory bound decides.
//
// Crash safety: nothing reaches the index until finish() swaps the merged index in; a job killed
// before that leaves the index empty (it still opens) and a staging directory that the next bulk
// job removes. Rerunning the job gives the same index.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "indexer/story_index.h"
#include "schema/article.h"
#include "schema/schema.h"

namespace dateline {

struct BulkOptions {
  unsigned jobs = 2;                    // shard writer threads
  std::size_t memory_mb = 1024;         // bound on what all writers buffer together
  std::size_t shard_documents = 10000;  // a writer starts a new shard after this many
  std::size_t batch_documents = 1000;   // a writer commits after this many (or when memory fills)
  std::size_t story_memory = kDefaultStoryMemory;  // articles remembered for story clustering
  std::size_t merge_fan_in = 0;  // shards one merge opens; 0: as the open-file limit allows
  bool wait_for_lock = false;    // wait for another writer instead of failing
  int block_size = 0;            // B-tree block size of the merged index in bytes; 0: Xapian's
};

// True when `path` has no index yet, or an index with no documents (so a bulk build may replace
// it). Throws Error(kUnavailable) when it cannot be opened.
bool index_is_empty(const std::string& path);

class BulkWriter {
 public:
  // Opens (creating) the index at `path` and holds its write lock until finish(). Throws
  // Error(kLocked) when another writer holds it, Error(kUnavailable) when it has documents, an
  // incompatible schema, or the staging directory cannot be made.
  BulkWriter(const std::string& path, const Schema& schema, const BulkOptions& options);
  ~BulkWriter();  // without finish(): stops the threads and removes the staging directory

  BulkWriter(const BulkWriter&) = delete;
  BulkWriter& operator=(const BulkWriter&) = delete;

  // Queues the article for its writer (blocks while that writer's queue is full).
  void upsert(Article article);

  // Deletes an article written earlier in this job; returns false when there was none.
  bool remove(const std::string& id);

  // Commits every shard, merges them into the index and returns its document count. Throws
  // Error(kUnavailable) when a writer failed (disk full, ...); the index is then left empty.
  Xapian::doccount finish();

  // Commits made so far by all writers (each shard commits when its share of memory fills).
  std::size_t commits() const;

  // Shards written (known after finish()).
  std::size_t shards() const { return shard_dirs_.size(); }

 private:
  class Worker;

  std::string path_;
  std::string staging_;
  const Schema& schema_;
  BulkOptions options_;
  Xapian::WritableDatabase target_;  // held for its lock
  StoryIndex stories_;
  std::set<std::string> joined_stories_;  // their first articles get the collapse value at the end
  std::vector<std::unique_ptr<Worker>> workers_;
  // Hash of id -> shard number its current version went to (per worker numbering).
  std::unordered_map<std::uint64_t, std::uint32_t> placed_;
  std::vector<std::uint32_t> shard_of_;  // per worker: the shard being written
  std::vector<std::size_t> in_shard_;    // per worker: upserts sent to that shard
  std::vector<std::string> shard_dirs_;
  bool finished_ = false;
};

}  // namespace dateline
