#include "indexer/index_writer.h"

#include <chrono>
#include <filesystem>

#include "core/error.h"
#include "indexer/story_founders.h"

namespace dateline {
namespace {

Xapian::WritableDatabase open_writable(const std::string& path, bool wait, int block_size) {
  int flags = Xapian::DB_CREATE_OR_OPEN;
  if (wait) flags |= Xapian::DB_RETRY_LOCK;
  try {
    return Xapian::WritableDatabase(path, flags, block_size);
  } catch (const Xapian::DatabaseLockError&) {
    throw Error(ErrorKind::kLocked, "index is locked by another writer: " + path);
  } catch (const Xapian::Error& e) {
    throw Error(ErrorKind::kUnavailable, "cannot open index " + path + ": " + e.get_msg());
  }
}

}  // namespace

std::string resolved_index_path(const std::string& path) {
  std::error_code ec;
  std::filesystem::path dir = std::filesystem::canonical(path, ec);
  return ec ? path : dir.string();
}

IndexWriter::IndexWriter(const std::string& path, const Schema& schema,
                         const WriterOptions& options)
    : path_(path),
      schema_(schema),
      db_(open_writable(resolved_index_path(path), options.wait_for_lock, options.block_size)),
      builder_(schema_) {
  builder_.enable_spelling(db_);
  if (schema_.story) {
    stories_ = std::make_unique<StoryIndex>(*schema_.story, kDefaultStoryMemory);
    loader_ = std::make_unique<StoryLoader>(schema_);
  }
  std::string stored = db_.get_metadata(kSchemaMetadataKey);
  if (stored.empty()) {
    if (db_.get_doccount() != 0) {
      throw Error(ErrorKind::kUnavailable, path + " is a Xapian index without a Dateline schema");
    }
    db_.set_metadata(kSchemaMetadataKey, schema_to_json(schema).dump());
    db_.commit();
    return;
  }
  Schema existing;
  try {
    existing = schema_from_json(nlohmann::json::parse(stored));
  } catch (const std::exception& e) {
    throw Error(ErrorKind::kUnavailable, path + " has an unreadable schema: " + e.what());
  }
  std::string why = schema_incompatibility(existing, schema);
  if (!why.empty()) {
    throw Error(ErrorKind::kUnavailable,
                "incompatible schema for index " + path + ": " + why + "; reindex into a new --db");
  }
  if (schema_.story && existing.story) schema_.story->collapse_slot = existing.story->collapse_slot;
}

void IndexWriter::upsert(const Article& article) {
  std::string term = schema_.id_prefix() + article.id;
  Xapian::Document doc;
  if (stories_) {
    loader_->load_for(db_, article, *stories_);
    Xapian::docid own = 0;
    if (auto it = db_.postlist_begin(term); it != db_.postlist_end(term)) own = *it;
    StoryInfo story = stories_->assign(article, own);
    // A story's first article lacks the collapse value until another joins; a new version of
    // an article that others joined may be that first article again.
    if (story.joined || own != 0) stories_to_mark_.insert(story.cluster_id);
    doc = builder_.build(article, &story);
  } else {
    doc = builder_.build(article);
  }
  db_.replace_document(term, doc);
}

bool IndexWriter::remove(const std::string& id) {
  std::string term = schema_.id_prefix() + id;
  if (!db_.term_exists(term)) return false;
  db_.delete_document(term);
  return true;
}

void IndexWriter::commit() {
  if (!stories_to_mark_.empty()) {
    mark_story_founders(db_, schema_, stories_to_mark_);
    stories_to_mark_.clear();
  }
  auto now = std::chrono::system_clock::now().time_since_epoch();
  db_.set_metadata(kLastCommitMetadataKey,
                   std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now).count()));
  db_.commit();
}

}  // namespace dateline
