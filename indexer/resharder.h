// Splitting a single index into a sharded index directory (index/topology.h), without a
// re-ingest: every document is copied as it is (terms, positions, values, stored article) into
// the shard its id hashes to (shard_for_id), the spelling table into the spelling database, and
// every metadata entry (schema, common grams, curations, last commit) into every part.
//
// The directory it makes:
//
//   DIR/topology    spelling spelling / local shard-0 / ... (what `dateline serve --db DIR` reads)
//   DIR/spelling    documentless: the spelling table and the metadata
//   DIR/shard-K     the documents whose id hashes to K
//
// Each part also holds kShardCountMetadataKey (N) and, in a shard, kShardNumberMetadataKey (K),
// so that a writer routes by the same N and a reader can tell a missing shard from a topology.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include <xapian.h>

#include "schema/schema.h"

namespace dateline {

// The directory names inside a sharded index directory.
inline constexpr const char* kSpellingDirName = "spelling";
std::string shard_dir_name(std::size_t shard);  // "shard-K"

struct ReshardReport {
  Xapian::doccount documents = 0;
  std::vector<Xapian::doccount> per_shard;
  Xapian::termcount spelling_words = 0;
  std::size_t metadata_keys = 0;
};

// Splits the single index at `source` into `shards` shards in the new directory `target`.
// Builds into "TARGET.partial" and renames it into place at the end, so a killed run leaves no
// half index at `target` (the next run removes the leftover). Throws Error(kInvalidArgument)
// for shards outside 1..kMaxShards or a `target` that exists, Error(kUnavailable) when `source`
// is not a readable Dateline index (or is itself sharded) or a part cannot be written.
ReshardReport reshard(const std::string& source, const std::string& target, std::size_t shards);

// Makes an empty sharded index directory at `target` (as above, every part holding `schema`),
// for `dateline index --shards` to fill through IndexWriter. Throws as reshard does.
void create_sharded_index(const std::string& target, std::size_t shards, const Schema& schema);

}  // namespace dateline
