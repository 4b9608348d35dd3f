// An in-memory story index for bulk builds: the same near-duplicate search as assign_story
// (MinHash signatures, LSH bands, StorySpec's similarity and time window), over the articles
// this job has already assigned instead of over a database. Bulk builds write several shards in
// parallel, so no single database holds "everything so far"; this index does, in input order,
// which keeps cluster ids deterministic.
//
// Memory is bounded: only the most recent `capacity` articles are remembered (about 250 bytes
// each); an article is compared with those. Republished copies of a story arrive within hours of
// each other in any real feed, so a window of hundreds of thousands of articles loses nothing in
// practice; an input sorted in some unrelated order could miss pairs further apart than that.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "indexer/story_clusterer.h"
#include "schema/article.h"
#include "schema/schema.h"

namespace dateline {

class StoryIndex {
 public:
  StoryIndex(StorySpec spec, std::size_t capacity);

  // Chooses the cluster of `article` among remembered articles (never an older version of the
  // same id), then remembers it. Returns the article's own id as cluster when none is close.
  StoryInfo assign(const Article& article);

  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string id;
    std::string cluster_id;
    std::optional<std::int64_t> published_at;
    StorySignature signature;
    std::vector<std::uint64_t> bands;  // keys in bands_ that point at this entry
  };

  void forget(std::uint32_t slot);

  StorySpec spec_;
  std::size_t capacity_;
  std::vector<Entry> entries_;  // a ring buffer of up to `capacity_` slots
  std::size_t next_ = 0;
  // Band key -> slots holding an article with that band, oldest first.
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> bands_;
};

}  // namespace dateline
