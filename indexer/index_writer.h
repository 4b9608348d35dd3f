// The one writer of an index: opens (or creates) the database, checks the schema, applies
// upserts and deletes, and commits.
#pragma once

#include <memory>
#include <set>
#include <string>

#include <xapian.h>

#include "index/database.h"
#include "indexer/document_builder.h"
#include "indexer/story_index.h"
#include "indexer/story_loader.h"
#include "schema/article.h"
#include "schema/schema.h"

namespace dateline {

struct WriterOptions {
  bool wait_for_lock = false;  // block until another writer releases the index instead of failing
  int block_size = 0;          // B-tree block size in bytes when the index is created; 0: Xapian's
};

class IndexWriter {
 public:
  // Opens the index at `path`, creating it (and its directory) when absent. A new index gets
  // `schema` written into its metadata; an existing one must have a compatible schema. A sharded
  // index's directory (index/topology.h, its parts local) is written as one index: each article
  // goes to the shard its id hashes to, spelling words to its spelling database, the commit time
  // to every part.
  // Throws Error(kLocked) "index is locked by another writer: PATH" when another process writes
  // and `wait_for_lock` is false; Error(kUnavailable) when the index's schema differs or the
  // path is not a Dateline index.
  IndexWriter(const std::string& path, const Schema& schema, const WriterOptions& options = {});

  // Adds the article, replacing any document with the same id. With story clustering on, the
  // article's story comes from the articles of this writer and those of the index published
  // within the story window (indexer/story_loader.h).
  void upsert(const Article& article);

  // Deletes the article with `id`; returns false when there was none.
  bool remove(const std::string& id);

  // Deletes it as a takedown does: also takes the words it added off the spelling table, so that
  // "did you mean" forgets them once no other article has them (its title pairs leave with it).
  // Returns false when there was no such article.
  bool remove_with_words(const std::string& id);

  // Makes everything since the last commit durable and visible to readers, after giving the
  // first articles of stories joined since then their collapse value
  // (indexer/story_founders.h) and releasing the embargoed articles that are due
  // (indexer/embargo_release.h). Returns how many were released.
  std::size_t commit();

  Xapian::doccount document_count() const { return db_.get_doccount(); }

  // The index's metadata under `key` ("" when unset), and setting it ("" removes it); a set
  // becomes visible to readers at the next commit().
  std::string metadata(const std::string& key) const { return db_.get_metadata(key); }
  void set_metadata(const std::string& key, const std::string& value) {
    index_.set_metadata_everywhere(key, value);
  }

 private:
  std::string path_;
  Schema schema_;        // the caller's, with the index's collapse slot (it follows the index)
  WritableIndex index_;  // a single index, or a sharded index's parts (index/database.h)
  Xapian::WritableDatabase& db_ = index_.db;
  DocumentBuilder builder_;
  std::unique_ptr<StoryIndex> stories_;  // set when the schema clusters stories
  std::unique_ptr<StoryLoader> loader_;
  std::set<std::string> stories_to_mark_;  // clusters whose first article may lack the value
};

}  // namespace dateline
