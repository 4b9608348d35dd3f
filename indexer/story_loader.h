// Loads the articles of an existing index into a StoryIndex, so that an incremental index job
// clusters new articles with those indexed by earlier jobs. Documents carry no band terms (see
// indexer/story_index.h), so candidates are found by date instead: before an article is
// assigned, the documents published on each day of its story window (StorySpec::window_hours
// either side of its publication time, found through the published_at field's day terms) are
// read, each day once per job: their signature, cluster id and publication time come from value
// slots. An undated article loads the window around the current time. When the schema has no
// day terms, the whole index is read once (the StoryIndex keeps the most recent articles).
//
// Every article of this job joins the StoryIndex as it is assigned, and its own day is loaded
// before that, so no document is remembered twice.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>

#include <xapian.h>

#include "indexer/story_index.h"
#include "schema/article.h"
#include "schema/schema.h"

namespace dateline {

class StoryLoader {
 public:
  // `schema.story` must be set.
  explicit StoryLoader(const Schema& schema);

  // Reads into `stories` the documents of `db` that `article` could cluster with and that no
  // earlier call read.
  void load_for(const Xapian::Database& db, const Article& article, StoryIndex& stories);

  // Documents read so far.
  std::size_t loaded() const { return loaded_; }

 private:
  void load_postings(const Xapian::Database& db, const std::string& term, StoryIndex& stories);

  StorySpec spec_;
  Xapian::valueno published_slot_ = Xapian::BAD_VALUENO;
  std::string day_prefix_;
  std::unordered_set<std::int64_t> loaded_days_;  // days since the epoch
  bool loaded_all_ = false;
  std::size_t loaded_ = 0;
};

}  // namespace dateline
