#include "server/article_writer.h"

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include <xapian.h>

#include "core/clock.h"
#include "core/error.h"
#include "index/database.h"
#include "indexer/index_writer.h"
#include "indexer/jsonl_reader.h"
#include "indexer/record_sink.h"
#include "schema/schema.h"

namespace dateline {
namespace {

using Clock = std::chrono::steady_clock;

// Opens the writer, retrying while another process holds the lock. Xapian's DB_RETRY_LOCK would
// wait without a bound, so this polls the non-waiting open until `wait` has passed.
std::unique_ptr<IndexWriter> open_bounded(const std::string& db_path, const Schema& schema,
                                          std::chrono::milliseconds wait) {
  Clock::time_point deadline = Clock::now() + wait;
  while (true) {
    try {
      return std::make_unique<IndexWriter>(db_path, schema, WriterOptions{false});
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::kLocked) throw;
      if (Clock::now() >= deadline) {
        throw Error(ErrorKind::kLocked, "index is locked by another writer; try again later");
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

// Applies records to the writer as the reader sends them, recording what happened per line.
class ReportSink : public RecordSink {
 public:
  ReportSink(IndexWriter& writer, WriteReport& report, std::map<std::string, Takedown> takedowns)
      : writer_(writer), report_(report), takedowns_(std::move(takedowns)) {}

  void on_article(std::size_t line, Article article) override {
    if (auto it = takedowns_.find(article.id); it != takedowns_.end()) {
      return on_reject(line, taken_down_reason(it->second));
    }
    // A document Xapian cannot store is this line's error; other index failures end the write.
    try {
      writer_.upsert(article);
    } catch (const Xapian::InvalidArgumentError& e) {
      return on_reject(line, "cannot index this article: " + e.get_msg());
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::kInvalidArgument) throw;
      return on_reject(line, e.what());
    }
    ++report_.indexed;
  }

  void on_delete(std::size_t, const std::string& id) override {
    if (writer_.remove(id)) {
      ++report_.deleted;
    } else {
      ++report_.delete_missing;
    }
  }

  void on_reject(std::size_t line, const std::string& reason) override {
    report_.errors.push_back({line, reason});
  }

 private:
  IndexWriter& writer_;
  WriteReport& report_;
  std::map<std::string, Takedown> takedowns_;  // by id
};

}  // namespace

ArticleWriter::ArticleWriter(std::string db_path, std::chrono::milliseconds lock_wait,
                             std::string newsroom_store)
    : db_path_(std::move(db_path)),
      lock_wait_(lock_wait),
      newsroom_store_(std::move(newsroom_store)) {}

NewsroomStore& ArticleWriter::store() {
  if (newsroom_store_.empty()) {
    throw Error(ErrorKind::kUnavailable, "no newsroom store is configured");
  }
  if (!store_) store_ = std::make_unique<NewsroomStore>(newsroom_store_);
  return *store_;
}

TakedownOutcome ArticleWriter::take_down(const std::string& id, const std::string& reason,
                                         const std::string& who) {
  checked_takedown(id, reason);  // a bad request changes nothing, not even the store
  std::lock_guard<std::mutex> lock(mutex_);
  const std::string db_path = resolved_index_path(db_path_);
  Schema schema = stored_schema(open_index_for_reading(db_path), db_path);
  std::unique_ptr<IndexWriter> writer = open_bounded(db_path, schema, lock_wait_);
  std::lock_guard<std::mutex> store_lock(store_mutex_);
  return dateline::take_down(*writer, store(), id, reason, who, unix_now());
}

void ArticleWriter::audit(const AuditEntry& entry) {
  std::lock_guard<std::mutex> lock(store_mutex_);
  store().audit(entry);
}

std::vector<Takedown> ArticleWriter::takedowns() {
  std::lock_guard<std::mutex> lock(store_mutex_);
  return store().takedowns();
}

std::vector<AuditEntry> ArticleWriter::audit_log(std::int64_t from, std::int64_t to, int limit) {
  std::lock_guard<std::mutex> lock(store_mutex_);
  return store().audit_log(from, to, limit);
}

WriteReport ArticleWriter::write_ndjson(const std::string& ndjson) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Resolved once per write: through a symlink swapped meanwhile, Xapian (which opens some
  // tables lazily, by path) would mix two indexes' files.
  const std::string db_path = resolved_index_path(db_path_);
  Schema schema = stored_schema(open_index_for_reading(db_path), db_path);
  std::unique_ptr<IndexWriter> writer = open_bounded(db_path, schema, lock_wait_);
  WriteReport report;
  ReportSink sink(*writer, report,
                  newsroom_store_.empty() ? std::map<std::string, Takedown>{}
                                          : load_takedowns(newsroom_store_));
  ReaderOptions options;
  options.default_language = schema.default_language;
  std::istringstream in(ndjson);
  report.lines = read_jsonl(in, sink, options);
  if (report.indexed + report.deleted > 0) writer->commit();
  report.documents = writer->document_count();
  return report;
}

bool ArticleWriter::remove(const std::string& id) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Resolved once per write: through a symlink swapped meanwhile, Xapian (which opens some
  // tables lazily, by path) would mix two indexes' files.
  const std::string db_path = resolved_index_path(db_path_);
  Schema schema = stored_schema(open_index_for_reading(db_path), db_path);
  std::unique_ptr<IndexWriter> writer = open_bounded(db_path, schema, lock_wait_);
  if (!writer->remove(id)) return false;
  writer->commit();
  return true;
}

void ArticleWriter::update_metadata(const std::vector<std::string>& keys,
                                    const std::function<bool(MetadataValues&)>& change) {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::string db_path = resolved_index_path(db_path_);
  Schema schema = stored_schema(open_index_for_reading(db_path), db_path);
  std::unique_ptr<IndexWriter> writer = open_bounded(db_path, schema, lock_wait_);
  MetadataValues values;
  for (const std::string& key : keys) values[key] = writer->metadata(key);
  if (!change(values)) return;
  for (const std::string& key : keys) writer->set_metadata(key, values[key]);
  writer->commit();
}

}  // namespace dateline
