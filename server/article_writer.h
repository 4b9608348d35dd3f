// Writes from the admin API: NDJSON of canonical articles and deletes, or one delete by id,
// applied to the index with the same reader and validation as `dateline index`. No HTTP here:
// plain types in, plain types out; server/router.cpp maps them to responses.
//
// The single-writer rule: the server never keeps the Xapian write lock between requests. Each
// write opens an IndexWriter, applies, commits and closes, so CLI jobs can write in between. The
// server's own writers are serialised by a mutex; against another process the open is retried
// for at most `lock_wait`, then Error(kLocked) "index is locked by another writer".
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "indexer/newsroom_store.h"
#include "indexer/takedown.h"

namespace dateline {

// One input line that was not applied, and why (the reader's reason, verbatim).
struct LineError {
  std::size_t line = 0;  // 1-based line of the request body
  std::string error;
};

// What one NDJSON write did.
struct WriteReport {
  std::size_t lines = 0;           // non-blank lines read
  std::size_t indexed = 0;         // articles added or replaced
  std::size_t deleted = 0;         // deletes that removed an article
  std::size_t delete_missing = 0;  // deletes of ids that were not in the index
  std::vector<LineError> errors;   // rejected lines, in input order
  std::size_t documents = 0;       // documents in the index after the commit
};

class ArticleWriter {
 public:
  // Writes go to the index at `db_path`, which must already be a Dateline index (its stored
  // schema is used). `lock_wait` bounds the wait for another process's write lock.
  // `newsroom_store`: the takedowns every article is checked against, and where takedowns and
  // the audit log are written (indexer/newsroom_store.h); "" = none, and no takedowns.
  ArticleWriter(std::string db_path, std::chrono::milliseconds lock_wait,
                std::string newsroom_store = "");

  // Applies every valid line of `ndjson` and commits once (also when some lines were rejected:
  // the good lines are kept). Throws Error(kLocked) when the lock is not free within lock_wait,
  // Error(kUnavailable) when the index cannot be opened. Thread-safe.
  WriteReport write_ndjson(const std::string& ndjson);

  // Deletes the article with `id` and commits; returns false (and writes nothing) when there was
  // none. Throws as write_ndjson. Thread-safe.
  bool remove(const std::string& id);

  // Takes the article down (indexer/takedown.h): the tombstone, its audit entry by `who`, then
  // the article and its words out of the index. Throws Error(kInvalidArgument) for a bad id or
  // reason, and as write_ndjson. Thread-safe.
  TakedownOutcome take_down(const std::string& id, const std::string& reason,
                            const std::string& who);

  // Appends to the audit log (an embargoed read, a curation edit). Thread-safe; does not wait for
  // the index writer.
  void audit(const AuditEntry& entry);

  // The takedowns and the audit log, for the admin API.
  std::vector<Takedown> takedowns();
  std::vector<AuditEntry> audit_log(std::int64_t from, std::int64_t to, int limit);
  // Reads the index's metadata under each of `keys` ("" when unset) into a map and passes it to
  // `change`; when that returns true, stores every key's value from the map ("" removes the key)
  // in one commit. What `change` throws is passed on and nothing is written. Throws as
  // write_ndjson. Thread-safe.
  using MetadataValues = std::map<std::string, std::string>;
  void update_metadata(const std::vector<std::string>& keys,
                       const std::function<bool(MetadataValues&)>& change);

 private:
  NewsroomStore& store();  // opened on first use; call with store_mutex_ held

  std::string db_path_;
  std::chrono::milliseconds lock_wait_;
  std::mutex mutex_;  // one server writer at a time
  std::string newsroom_store_;
  std::mutex store_mutex_;  // the store's connection, one user at a time
  std::unique_ptr<NewsroomStore> store_;
};

}  // namespace dateline
