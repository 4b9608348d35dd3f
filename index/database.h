// Opening an index, for reading or for writing, and reading the schema stored in it. The one
// place that translates Xapian's open errors into Dateline's (core/error.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "schema/schema.h"

namespace dateline {

// The directory `path` names now, symlinks resolved, or `path` itself when it cannot be resolved
// (the open reports that). Open indexes by it: Xapian opens some tables lazily, each by path, so
// a handle opened through a symlink that is swapped meanwhile would mix two indexes' files.
std::string resolved_index_path(const std::string& path);

// Opens the index at `path` read-only (as given: resolve it first where a swap may happen).
// Throws Error(kUnavailable) "cannot open index PATH: why".
Xapian::Database open_for_reading(const std::string& path);

struct WriteOpenOptions {
  bool create = true;          // create the index (and its directory) when absent
  bool wait_for_lock = false;  // block until another writer releases the index instead of failing
  int block_size = 0;          // B-tree block size in bytes when the index is created; 0: Xapian's
};

// Opens the index at `path` for writing (as given). Throws Error(kLocked) "index is locked by
// another writer: PATH" when another writer holds it and `wait_for_lock` is false, and
// Error(kUnavailable) "cannot open index PATH: why" for any other failure.
Xapian::WritableDatabase open_for_writing(const std::string& path,
                                          const WriteOpenOptions& options = {});

// The schema stored in `db`'s metadata. Throws Error(kUnavailable) when there is none ("PATH is
// not a Dateline index") or it does not load ("PATH has an unreadable schema: why"); `path`
// only names the index in those messages.
Schema stored_schema(const Xapian::Database& db, const std::string& path = "the index");

// Gives a writer's index its schema: a new, empty index gets `schema` stored (and committed); an
// existing one must have a compatible schema. Returns `schema` with the stored collapse slot and,
// once the index holds documents, the stored common-grams list (both follow the index); for an
// index of an older schema version that `schema` only adds fields or derived slots to, the stored
// schema (written as
// it was built; see schema_upgrade_note). Throws Error(kUnavailable) when the index holds documents
// but no schema, or an incompatible or unreadable one.
Schema adopt_schema(Xapian::WritableDatabase& db, const Schema& schema, const std::string& path);

// "" when an index of `stored` has every field and derived slot of `wanted`; else what an operator
// reads: what the index lacks until it is rebuilt, and how to rebuild it without downtime (a new
// index, then a symlink swap).
std::string schema_upgrade_note(const Schema& stored, const Schema& wanted,
                                const std::string& path);

// Records the time of this commit (kLastCommitMetadataKey) in `db`; the caller commits.
void stamp_last_commit(Xapian::WritableDatabase& db);

// An index opened for writing: a single index, or a sharded index (index/topology.h) whose
// parts are all local, as one Xapian database (the spelling database first, then the shards in
// topology order). Xapian routes what it is given by document id (replace, delete) and adds
// spelling words to the first part; new documents go to their id's shard through home().
struct WritableIndex {
  Xapian::WritableDatabase db;
  std::vector<Xapian::WritableDatabase> shards;  // a sharded index's shards; empty when single

  bool sharded() const { return !shards.empty(); }
  // Where the article with `id` is written: its shard (shard_for_id), or the single index.
  Xapian::WritableDatabase& home(std::string_view id);
  // Sets metadata in every part (the caller commits): a sharded index carries its schema and
  // last-commit time in each.
  void set_metadata_everywhere(const std::string& key, const std::string& value);
  // stamp_last_commit for every part.
  void stamp_last_commit();
};

// Opens the index at `path` for writing (as given), like open_for_writing; a path that names a
// topology (names_topology) opens its parts, which must exist, be local and number as the index
// says (kShardCountMetadataKey). Throws Error(kUnavailable) for a topology with remote shards
// ("write on the host that holds the parts") or parts that do not match.
WritableIndex open_index_for_writing(const std::string& path, const WriteOpenOptions& options = {});

// Opens the index at `path` read-only: a single index, or what a topology names as one database
// (its remote shards through xapian-tcpsrv, with their timeouts). Throws Error(kUnavailable) when
// a part cannot be opened. The server reads through ShardSet (index/shard_set.h), which survives
// a shard that fails; this is for commands that read once.
Xapian::Database open_index_for_reading(const std::string& path);

}  // namespace dateline
