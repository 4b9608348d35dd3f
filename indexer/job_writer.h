// Where an index job sends its changes: one interface, three ways to write. An incremental
// writer applies each change to the index as it comes (IndexWriter) and commits in batches; a
// bulk writer builds a new or empty index from shards in parallel (BulkWriter); a dry run writes
// nothing and only answers whether a delete would find its article.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include <xapian.h>

#include "schema/article.h"
#include "schema/schema.h"

namespace dateline {

class JobWriter {
 public:
  virtual ~JobWriter() = default;

  // Adds the article, replacing any with the same id. Throws Xapian::InvalidArgumentError for a
  // document Xapian cannot store (a term or key too long): that record's error, not the job's.
  virtual void upsert(Article article) = 0;

  // Deletes the article with `id`; returns false when there was none.
  virtual bool remove(const std::string& id) = 0;

  // Makes the changes so far durable and visible, where this writer commits in batches (the
  // incremental one); the others do nothing here.
  virtual void commit() = 0;

  // After the last change: finishes the index (the bulk merge) and returns its document count
  // (a dry run: the count before the job).
  virtual Xapian::doccount finish() = 0;

  // Commits made (the bulk writer's shards included).
  virtual std::size_t commits() const = 0;

  // Writer threads used: more than 1 for a bulk build.
  virtual unsigned writers() const { return 1; }
};

struct JobWriterOptions {
  bool dry_run = false;          // write nothing (JobWriter for a dry run)
  unsigned jobs = 1;             // more than 1 and an empty index: a bulk build with this many
  bool wait_for_lock = false;    // wait for another writer instead of failing
  std::size_t memory_mb = 1024;  // bulk build: bound on what the writers buffer
  std::size_t shard_documents = 10000;  // bulk build: documents per shard before a new one
  int block_size = 0;                   // B-tree block size of a new index; 0: Xapian's
  // Told once about what the job does silently (the bulk merge, a --block-size that does not
  // apply); may be empty.
  std::function<void(const std::string&)> on_note;
  // Called by the bulk writer just before it merges its shards; may be empty.
  std::function<void()> before_merge;
};

// The writer for a job on the index at `db_path`: a dry run's, a bulk writer when `jobs` is
// more than 1 and the index is new or empty, else the incremental writer. Throws what the
// writers' constructors throw (Error(kLocked), Error(kUnavailable)).
std::unique_ptr<JobWriter> open_job_writer(const std::string& db_path, const Schema& schema,
                                           const JobWriterOptions& options);

}  // namespace dateline
