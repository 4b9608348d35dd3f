// The index format's vocabulary: the metadata keys, the term prefixes and the limits that every
// writer and reader of a Dateline index shares. Baked into on-disk indexes: never rename a key or
// a prefix. The schema (schema/schema.h) holds the per-field prefixes and value slots; what is
// here is the same for every schema.
#pragma once

#include <cstddef>

#include "schema/schema.h"

namespace dateline {

// The schema the index was built with (schema_to_json), read back by every reader.
inline constexpr const char* kSchemaMetadataKey = "dateline:schema";
// Unix seconds of the last Dateline commit.
inline constexpr const char* kLastCommitMetadataKey = "dateline:last_commit";
// The editor's picks (server/curations.h): {"rules": [...]} as JSON text; absent = no rules.
// Kept in the index so that replicas and shards carry them (over shards Xapian reads metadata
// from the first sub-database).
inline constexpr const char* kCurationsMetadataKey = "dateline:curations";
// A sharded index (index/topology.h): the shard count, in every part, and in each shard its
// number, so that writers route by the same count and a topology in another order is refused.
inline constexpr const char* kShardCountMetadataKey = "dateline:shards";
inline constexpr const char* kShardNumberMetadataKey = "dateline:shard";
// Boolean terms "XB" + "word word" for consecutive title words, for multi-word autocomplete.
inline constexpr const char* kTitleBigramPrefix = "XB";

// The boolean term of an article indexed under embargo whose spelling words and title pairs are
// held back, so that did-you-mean and autocomplete cannot show them early; its release
// (indexer/embargo_release.h) adds them and removes the term.
inline constexpr const char* kHeldBackTerm = "XE";

// Xapian's glass backend refuses terms longer than 245 bytes; Dateline's terms stop short of it.
inline constexpr std::size_t kMaxTermBytes = 240;

// Longest article id a reader looks up: its id term must fit under kMaxTermBytes.
inline constexpr std::size_t kMaxIdBytes = 240;

// The slot stories collapse on: only articles of stories with two or more carry it, so Xapian
// reads little for each candidate (schema/schema.h). Indexes written before it existed collapse
// on the cluster id every article carries; the results are the same.
inline unsigned collapse_slot(const StorySpec& story) {
  return story.collapse_slot.value_or(story.cluster_slot);
}

}  // namespace dateline
