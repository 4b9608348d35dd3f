#include "indexer/job_writer.h"

#include <filesystem>

#include "index/database.h"
#include "index/topology.h"
#include "indexer/bulk_writer.h"
#include "indexer/index_writer.h"

namespace dateline {
namespace {

class IncrementalWriter : public JobWriter {
 public:
  IncrementalWriter(const std::string& db_path, const Schema& schema, const WriterOptions& options)
      : writer_(db_path, schema, options) {}

  void upsert(Article article) override { writer_.upsert(article); }
  bool remove(const std::string& id) override { return writer_.remove(id); }
  void commit() override {
    writer_.commit();
    ++commits_;
  }
  Xapian::doccount finish() override { return writer_.document_count(); }
  std::size_t commits() const override { return commits_; }

 private:
  IndexWriter writer_;
  std::size_t commits_ = 0;
};

class BulkJobWriter : public JobWriter {
 public:
  BulkJobWriter(const std::string& db_path, const Schema& schema, const BulkOptions& options,
                std::function<void()> before_merge)
      : writer_(db_path, schema, options),
        jobs_(options.jobs),
        before_merge_(std::move(before_merge)) {}

  void upsert(Article article) override { writer_.upsert(std::move(article)); }
  bool remove(const std::string& id) override { return writer_.remove(id); }
  void commit() override {}  // shards commit as their memory fills; the merge publishes
  Xapian::doccount finish() override {
    if (before_merge_) before_merge_();
    return writer_.finish();
  }
  std::size_t commits() const override { return writer_.commits(); }
  unsigned writers() const override { return jobs_; }

 private:
  BulkWriter writer_;
  unsigned jobs_;
  std::function<void()> before_merge_;
};

// Reads the index, when there is one, only to tell which deletes would find their article.
class DryRunWriter : public JobWriter {
 public:
  DryRunWriter(const std::string& db_path, const Schema& schema) : id_prefix_(schema.id_prefix()) {
    if (std::filesystem::exists(db_path)) {
      existing_ = std::make_unique<Xapian::Database>(open_index_for_reading(db_path));
    }
  }

  void upsert(Article) override {}
  bool remove(const std::string& id) override {
    return existing_ != nullptr && existing_->term_exists(id_prefix_ + id);
  }
  void commit() override {}
  Xapian::doccount finish() override { return existing_ ? existing_->get_doccount() : 0; }
  std::size_t commits() const override { return 0; }

 private:
  std::string id_prefix_;
  std::unique_ptr<Xapian::Database> existing_;
};

}  // namespace

std::unique_ptr<JobWriter> open_job_writer(const std::string& db_path, const Schema& schema,
                                           const JobWriterOptions& options) {
  if (options.dry_run) return std::make_unique<DryRunWriter>(db_path, schema);
  // A sharded index is written by the one incremental writer, each article to its shard.
  if (options.jobs > 1 && !names_topology(db_path) && index_is_empty(db_path)) {
    BulkOptions bulk;
    bulk.jobs = options.jobs;
    bulk.memory_mb = options.memory_mb;
    bulk.shard_documents = options.shard_documents;
    bulk.wait_for_lock = options.wait_for_lock;
    bulk.block_size = options.block_size;
    return std::make_unique<BulkJobWriter>(db_path, schema, bulk, options.before_merge);
  }
  if (options.block_size != 0 && options.on_note && !index_is_empty(db_path)) {
    options.on_note("--block-size applies to a new index only; " + db_path +
                    " keeps the block size it was built with");
  }
  return std::make_unique<IncrementalWriter>(
      db_path, schema, WriterOptions{options.wait_for_lock, options.block_size});
}

}  // namespace dateline
