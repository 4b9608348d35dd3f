// Deleting articles from an index by id, by age (retention) or by query.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace dateline {

struct DeleteRequest {
  std::vector<std::string> ids;            // exact ids; not combined with the selectors below
  std::optional<std::int64_t> older_than;  // seconds: published_at before now - older_than
  std::string query;                       // Xapian query syntax ("source:foo"); "" = none
  bool expired = false;  // articles whose expires_at has passed (docs/NEWSROOM.md)
  // When several of older_than, query and expired are set, only articles matching all are
  // deleted.
  bool dry_run = false;        // list what would be deleted; open the index read-only
  bool wait_for_lock = false;  // wait for another writer instead of failing
  std::int64_t now = 0;        // unix seconds for older_than; 0 = the current time
};

struct DeleteResult {
  std::vector<std::string> deleted;  // ids deleted (dry run: that would be), in docid order
  std::vector<std::string> missing;  // requested ids that were not in the index
  std::size_t documents = 0;         // documents left (dry run: the current count)
};

// Parses an age such as "365d", "12h", "2w", "90m" or "30s" into seconds. Returns nullopt for
// anything else (no unit, a zero or negative count, an unknown unit).
std::optional<std::int64_t> parse_age(const std::string& text);

// Deletes what `request` selects from the index at `db_path` and commits once. Throws
// Error(kNotFound) when there is no index there, Error(kInvalidArgument) for an empty request or
// a query that does not parse, Error(kLocked) when another writer holds the index, and
// Error(kUnavailable) when it is not a Dateline index, has no published_at slot for
// older_than or no expires_at slot for expired (an index of schema version 1).
DeleteResult run_delete(const std::string& db_path, const DeleteRequest& request);

}  // namespace dateline
