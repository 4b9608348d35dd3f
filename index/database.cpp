#include "index/database.h"

#include <filesystem>

#include "core/clock.h"
#include "core/error.h"
#include "index/format.h"
#include "index/topology.h"

namespace dateline {

std::string resolved_index_path(const std::string& path) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::canonical(path, ec);
  return ec ? path : dir.string();
}

Xapian::Database open_for_reading(const std::string& path) {
  try {
    return Xapian::Database(path);
  } catch (const Xapian::Error& e) {
    throw Error(ErrorKind::kUnavailable, "cannot open index " + path + ": " + e.get_msg());
  }
}

Xapian::WritableDatabase open_for_writing(const std::string& path,
                                          const WriteOpenOptions& options) {
  int flags = options.create ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN;
  if (options.wait_for_lock) flags |= Xapian::DB_RETRY_LOCK;
  try {
    return Xapian::WritableDatabase(path, flags, options.block_size);
  } catch (const Xapian::DatabaseLockError&) {
    throw Error(ErrorKind::kLocked, "index is locked by another writer: " + path);
  } catch (const Xapian::Error& e) {
    throw Error(ErrorKind::kUnavailable, "cannot open index " + path + ": " + e.get_msg());
  }
}

Schema stored_schema(const Xapian::Database& db, const std::string& path) {
  std::string stored = db.get_metadata(kSchemaMetadataKey);
  if (stored.empty()) {
    throw Error(ErrorKind::kUnavailable, path + " is not a Dateline index (no schema stored)");
  }
  try {
    return schema_from_json(nlohmann::json::parse(stored));
  } catch (const std::exception& e) {
    throw Error(ErrorKind::kUnavailable, path + " has an unreadable schema: " + e.what());
  }
}

Schema adopt_schema(Xapian::WritableDatabase& db, const Schema& schema, const std::string& path) {
  if (db.get_metadata(kSchemaMetadataKey).empty()) {
    if (db.get_doccount() != 0) {
      throw Error(ErrorKind::kUnavailable, path + " is a Xapian index without a Dateline schema");
    }
    db.set_metadata(kSchemaMetadataKey, schema_to_json(schema).dump());
    db.commit();
    return schema;
  }
  Schema existing = stored_schema(db, path);
  if (existing.version < schema.version) {
    // An index of an older version is written as it was built, when the file's schema only
    // adds fields or derived slots to it (version 2 added embargo_until, expires_at and
    // correction; version 3 the order and story-facets slots): the operator moves by a reindex
    // (docs/OPERATIONS.md), and until then the writer rejects records that need the new fields
    // (IndexWriter::upsert) and writes no derived slot the index lacks.
    Schema narrowed = schema;
    narrowed.version = existing.version;
    std::erase_if(narrowed.fields,
                  [&](const FieldSpec& f) { return existing.find(f.name) == nullptr; });
    if (!existing.order_slot) narrowed.order_slot.reset();
    if (!existing.story_facets_slot) narrowed.story_facets_slot.reset();
    if (schema_incompatibility(existing, narrowed).empty()) return existing;
  }
  std::string why = schema_incompatibility(existing, schema);
  if (!why.empty()) {
    throw Error(ErrorKind::kUnavailable,
                "incompatible schema for index " + path + ": " + why + "; reindex into a new --db");
  }
  Schema adopted = schema;
  if (adopted.story && existing.story) adopted.story->collapse_slot = existing.story->collapse_slot;
  // The common-grams list follows the index (index/common_grams.h): its pair terms are in every
  // document or in none. An index with no documents yet takes the file's.
  if (db.get_doccount() != 0) {
    adopted.common_words = existing.common_words;
    adopted.common_not_with = existing.common_not_with;
  } else if (existing.common_words != schema.common_words ||
             existing.common_not_with != schema.common_not_with) {
    db.set_metadata(kSchemaMetadataKey, schema_to_json(adopted).dump());
    db.commit();
  }
  return adopted;
}

std::string schema_upgrade_note(const Schema& stored, const Schema& wanted,
                                const std::string& path) {
  std::string missing;
  for (const FieldSpec& f : wanted.fields) {
    if (stored.find(f.name) != nullptr) continue;
    missing += (missing.empty() ? "" : ", ") + f.name;
  }
  std::string effects;
  if (!missing.empty()) {
    effects = "records with an embargo or an expiry are rejected, and the rest are indexed";
  }
  std::string slots;
  if (wanted.order_slot && !stored.order_slot) {
    slots = "order slot";
    effects += std::string(effects.empty() ? "" : "; ") +
               "hits with equal scores are in index order, not newest first then by id";
  }
  if (wanted.story_facets_slot && !stored.story_facets_slot) {
    slots += std::string(slots.empty() ? "" : ", ") + "story-facets slot";
    effects += std::string(effects.empty() ? "" : "; ") +
               "facets count articles, not stories as the collapsed total does";
  }
  if (!slots.empty()) missing += (missing.empty() ? "" : ", ") + slots;
  if (missing.empty()) return "";
  return path + " has schema version " + std::to_string(stored.version) +
         "; the schema file is "
         "version " +
         std::to_string(wanted.version) + ". Until it is rebuilt, the index has no " + missing +
         ": " + effects +
         ". To move without downtime, build a new index beside it and swap the symlink "
         "the server reads (docs/OPERATIONS.md, \"Reindexing\"): dateline index --db NEW "
         "ARCHIVE... && ln -sfn NEW LINK.tmp && mv -T LINK.tmp LINK";
}

void stamp_last_commit(Xapian::WritableDatabase& db) {
  db.set_metadata(kLastCommitMetadataKey, std::to_string(unix_now()));
}

Xapian::WritableDatabase& WritableIndex::home(std::string_view id) {
  return shards.empty() ? db : shards[shard_for_id(id, shards.size())];
}

void WritableIndex::set_metadata_everywhere(const std::string& key, const std::string& value) {
  db.set_metadata(key, value);  // the first part: the single index, or the spelling database
  for (Xapian::WritableDatabase& shard : shards) shard.set_metadata(key, value);
}

void WritableIndex::stamp_last_commit() {
  set_metadata_everywhere(kLastCommitMetadataKey, std::to_string(unix_now()));
}

WritableIndex open_index_for_writing(const std::string& path, const WriteOpenOptions& options) {
  WritableIndex index;
  if (!names_topology(path)) {
    index.db = open_for_writing(path, options);
    return index;
  }
  Topology topology = read_topology(path);
  WriteOpenOptions existing = options;
  existing.create = false;
  index.db = open_for_writing(topology.spelling, existing);
  for (const ShardAddress& shard : topology.shards) {
    if (shard.remote()) {
      throw Error(ErrorKind::kUnavailable,
                  "cannot write " + path + ": its shard " + shard.name() +
                      " is remote; write on the host that holds the parts (docs/SCALING.md)");
    }
    index.shards.push_back(open_for_writing(shard.path, existing));
  }
  std::string count = index.db.get_metadata(kShardCountMetadataKey);
  for (std::size_t k = 0; k < index.shards.size(); ++k) {
    std::string own = index.shards[k].get_metadata(kShardNumberMetadataKey);
    if (count != std::to_string(index.shards.size()) || own != std::to_string(k)) {
      throw Error(ErrorKind::kUnavailable, "cannot write " + path + ": its topology lists " +
                                               std::to_string(index.shards.size()) +
                                               " shards, in an order the parts do "
                                               "not have (the index has " +
                                               (count.empty() ? "no count" : count) + "; entry " +
                                               std::to_string(k) + " is shard " +
                                               (own.empty() ? "?" : own) + ")");
    }
    index.db.add_database(index.shards[k]);
  }
  return index;
}

Xapian::Database open_index_for_reading(const std::string& path) {
  if (!names_topology(path)) return open_for_reading(path);
  Topology topology = read_topology(path);
  Xapian::Database db = open_for_reading(topology.spelling);
  for (const ShardAddress& shard : topology.shards) {
    try {
      db.add_database(shard.remote() ? Xapian::Remote::open(
                                           shard.host, shard.port,
                                           static_cast<unsigned>(shard.timeout.count()),
                                           static_cast<unsigned>(shard.connect_timeout.count()))
                                     : Xapian::Database(shard.path));
    } catch (const Xapian::Error& e) {
      throw Error(ErrorKind::kUnavailable,
                  "cannot open shard " + shard.name() + " of " + path + ": " + e.get_msg());
    }
  }
  return db;
}

}  // namespace dateline
