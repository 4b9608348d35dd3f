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
#include <mutex>
#include <string>
#include <vector>

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
  ArticleWriter(std::string db_path, std::chrono::milliseconds lock_wait);

  // Applies every valid line of `ndjson` and commits once (also when some lines were rejected:
  // the good lines are kept). Throws Error(kLocked) when the lock is not free within lock_wait,
  // Error(kUnavailable) when the index cannot be opened. Thread-safe.
  WriteReport write_ndjson(const std::string& ndjson);

  // Deletes the article with `id` and commits; returns false (and writes nothing) when there was
  // none. Throws as write_ndjson. Thread-safe.
  bool remove(const std::string& id);

  // Reads the index's metadata under each of `keys` ("" when unset) into a map and passes it to
  // `change`; when that returns true, stores every key's value from the map ("" removes the key)
  // in one commit. What `change` throws is passed on and nothing is written. Throws as
  // write_ndjson. Thread-safe.
  using MetadataValues = std::map<std::string, std::string>;
  void update_metadata(const std::vector<std::string>& keys,
                       const std::function<bool(MetadataValues&)>& change);

 private:
  std::string db_path_;
  std::chrono::milliseconds lock_wait_;
  std::mutex mutex_;  // one server writer at a time
};

}  // namespace dateline
