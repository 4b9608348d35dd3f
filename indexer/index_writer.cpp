#include "indexer/index_writer.h"

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/error.h"
#include "index/database.h"
#include "index/format.h"
#include "indexer/embargo_release.h"
#include "indexer/story_founders.h"

namespace dateline {
namespace {

bool doc_has_term(const Xapian::Document& doc, const std::string& term) {
  Xapian::TermIterator it = doc.termlist_begin();
  it.skip_to(term);
  return it != doc.termlist_end() && *it == term;
}

}  // namespace

IndexWriter::IndexWriter(const std::string& path, const Schema& schema,
                         const WriterOptions& options)
    : path_(path),
      schema_(schema),
      index_(open_index_for_writing(resolved_index_path(path),
                                    {true, options.wait_for_lock, options.block_size})),
      builder_(schema_) {
  schema_ = adopt_schema(db_, schema, path);
  builder_.enable_spelling(db_);
  if (schema_.story) {
    stories_ = std::make_unique<StoryIndex>(*schema_.story, kDefaultStoryMemory);
    loader_ = std::make_unique<StoryLoader>(schema_);
  }
}
void IndexWriter::upsert(const Article& article) {
  // An index of an older schema cannot hide an article: taking one with an embargo or an expiry
  // would show it at once. That record is rejected (adopt_schema, schema_upgrade_note).
  for (const char* field : {"embargo_until", "expires_at"}) {
    if (date_value(article, field) && schema_.find(field) == nullptr) {
      throw Error(ErrorKind::kInvalidArgument,
                  std::string(field) +
                      " needs an index of schema version 2 or later (this one "
                      "is version " +
                      std::to_string(schema_.version) + "): reindex to use it");
    }
  }
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
  // Its own shard (the one index when not sharded): an id always hashes to the same one.
  index_.home(article.id).replace_document(term, doc);
}

bool IndexWriter::remove_with_words(const std::string& id) {
  std::string term = schema_.id_prefix() + id;
  Xapian::PostingIterator it = db_.postlist_begin(term);
  if (it == db_.postlist_end(term)) return false;
  Xapian::Document doc = db_.get_document(*it);
  // Held back under embargo, its words never reached the table.
  if (!db_.term_exists(kHeldBackTerm) || !doc_has_term(doc, kHeldBackTerm)) {
    Article article = article_from_stored_json(nlohmann::json::parse(doc.get_data()));
    SpellingCounts words;
    DocumentBuilder counter(schema_);
    counter.count_spelling(words);
    counter.build(article);
    words.remove_from(db_);
  }
  db_.delete_document(term);
  return true;
}

bool IndexWriter::remove(const std::string& id) {
  std::string term = schema_.id_prefix() + id;
  if (!db_.term_exists(term)) return false;
  db_.delete_document(term);
  return true;
}

std::size_t IndexWriter::commit() {
  if (!stories_to_mark_.empty()) {
    mark_story_founders(db_, schema_, stories_to_mark_);
    stories_to_mark_.clear();
  }
  std::size_t released = release_embargoed(db_, schema_, builder_, unix_now());
  index_.stamp_last_commit();
  db_.commit();
  return released;
}

}  // namespace dateline
