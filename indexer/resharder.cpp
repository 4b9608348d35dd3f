#include "indexer/resharder.h"

#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "index/database.h"
#include "index/format.h"
#include "index/topology.h"

namespace dateline {
namespace {

namespace fs = std::filesystem;

// Documents copied between commits of each shard: bounds what a shard writer buffers.
constexpr Xapian::doccount kCommitEvery = 20000;

std::string id_of(const Xapian::Document& doc, const std::string& prefix) {
  Xapian::TermIterator term = doc.termlist_begin();
  term.skip_to(prefix);
  if (term == doc.termlist_end() || (*term).compare(0, prefix.size(), prefix) != 0) {
    throw Error(ErrorKind::kUnavailable, "a document without an id term (" + prefix + "...)");
  }
  return (*term).substr(prefix.size());
}

void write_topology(const fs::path& dir, std::size_t shards) {
  std::ofstream out(dir / kTopologyFileName);
  out << "# Written by dateline reshard. Paths are read against this file's directory.\n"
      << "spelling " << kSpellingDirName << "\n";
  for (std::size_t k = 0; k < shards; ++k) out << "local " << shard_dir_name(k) << "\n";
  if (!out.flush()) {
    throw Error(ErrorKind::kUnavailable, "cannot write " + (dir / kTopologyFileName).string());
  }
}

void check_new_layout(const std::string& target, std::size_t shards) {
  if (shards < 1 || shards > kMaxShards) {
    throw Error(ErrorKind::kInvalidArgument, "--shards must be 1.." + std::to_string(kMaxShards));
  }
  std::error_code ec;
  if (fs::exists(target, ec)) {
    throw Error(ErrorKind::kInvalidArgument, target + " exists; a sharded index is made new");
  }
}

// "TARGET.partial", emptied and made again: what a killed run left there goes.
fs::path fresh_partial(const std::string& target) {
  fs::path partial = target + ".partial";
  std::error_code ec;
  fs::remove_all(partial, ec);
  fs::create_directories(partial, ec);
  if (ec) throw Error(ErrorKind::kUnavailable, "cannot create " + partial.string());
  return partial;
}

void move_into_place(const fs::path& partial, const std::string& target, std::size_t shards) {
  write_topology(partial, shards);
  std::error_code ec;
  fs::rename(partial, target, ec);
  if (ec) {
    throw Error(ErrorKind::kUnavailable,
                "cannot move " + partial.string() + " to " + target + ": " + ec.message());
  }
}

}  // namespace

std::string shard_dir_name(std::size_t shard) { return "shard-" + std::to_string(shard); }

void create_sharded_index(const std::string& target, std::size_t shards, const Schema& schema) {
  check_new_layout(target, shards);
  fs::path partial = fresh_partial(target);
  std::string stored = schema_to_json(schema).dump();
  try {
    Xapian::WritableDatabase spelling =
        open_for_writing((partial / kSpellingDirName).string(), WriteOpenOptions{});
    spelling.set_metadata(kSchemaMetadataKey, stored);
    spelling.set_metadata(kShardCountMetadataKey, std::to_string(shards));
    spelling.commit();
    for (std::size_t k = 0; k < shards; ++k) {
      Xapian::WritableDatabase shard =
          open_for_writing((partial / shard_dir_name(k)).string(), WriteOpenOptions{});
      shard.set_metadata(kSchemaMetadataKey, stored);
      shard.set_metadata(kShardCountMetadataKey, std::to_string(shards));
      shard.set_metadata(kShardNumberMetadataKey, std::to_string(k));
      shard.commit();
    }
  } catch (const Xapian::Error& e) {
    throw Error(ErrorKind::kUnavailable, "cannot create " + target + ": " + e.get_description());
  }
  move_into_place(partial, target, shards);
}

ReshardReport reshard(const std::string& source, const std::string& target, std::size_t shards) {
  check_new_layout(target, shards);
  if (names_topology(source)) {
    throw Error(ErrorKind::kUnavailable, source + " is already sharded");
  }
  Xapian::Database in = open_for_reading(resolved_index_path(source));
  Schema schema = stored_schema(in, source);

  fs::path partial = fresh_partial(target);
  ReshardReport report;
  report.per_shard.assign(shards, 0);
  Xapian::WritableDatabase spelling =
      open_for_writing((partial / kSpellingDirName).string(), WriteOpenOptions{});
  std::vector<Xapian::WritableDatabase> out;
  for (std::size_t k = 0; k < shards; ++k) {
    out.push_back(open_for_writing((partial / shard_dir_name(k)).string(), WriteOpenOptions{}));
  }
  try {
    for (auto key = in.metadata_keys_begin(); key != in.metadata_keys_end(); ++key) {
      std::string value = in.get_metadata(*key);
      spelling.set_metadata(*key, value);
      for (auto& shard : out) shard.set_metadata(*key, value);
      ++report.metadata_keys;
    }
    std::string count = std::to_string(shards);
    spelling.set_metadata(kShardCountMetadataKey, count);
    for (std::size_t k = 0; k < shards; ++k) {
      out[k].set_metadata(kShardCountMetadataKey, count);
      out[k].set_metadata(kShardNumberMetadataKey, std::to_string(k));
    }
    for (auto word = in.spellings_begin(); word != in.spellings_end(); ++word) {
      spelling.add_spelling(*word, word.get_termfreq());
      ++report.spelling_words;
    }
    const std::string& prefix = schema.id_prefix();
    for (auto it = in.postlist_begin(""); it != in.postlist_end(""); ++it) {
      Xapian::Document doc = in.get_document(*it);
      std::size_t k = shard_for_id(id_of(doc, prefix), shards);
      out[k].add_document(doc);
      if (++report.per_shard[k] % kCommitEvery == 0) out[k].commit();
      ++report.documents;
    }
    spelling.commit();
    for (auto& shard : out) shard.commit();
  } catch (const Xapian::Error& e) {
    throw Error(ErrorKind::kUnavailable, "reshard failed: " + e.get_description());
  }
  spelling.close();
  for (auto& shard : out) shard.close();
  move_into_place(partial, target, shards);
  return report;
}

}  // namespace dateline
