// The in-memory story index every index job clusters with: MinHash signatures, LSH bands over
// them, and StorySpec's similarity and time window (indexer/story_clusterer.h), over the articles
// this job has assigned so far plus those an incremental job loaded from its index
// (indexer/story_loader.h). Bulk builds write several shards in parallel, so no single database
// holds "everything so far"; this index does, in input order, which keeps cluster ids
// deterministic. The bands live only here: documents carry just their signature (a value slot),
// since one unique band term per band per document made up much of the cost of a write.
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

#include <xapian.h>

#include "indexer/story_clusterer.h"
#include "schema/article.h"
#include "schema/schema.h"

namespace dateline {

// Articles an index job remembers for story clustering unless told otherwise.
inline constexpr std::size_t kDefaultStoryMemory = 500000;

class StoryIndex {
 public:
  StoryIndex(StorySpec spec, std::size_t capacity);

  // Chooses the cluster of `article` among remembered articles (never an older version of the
  // same id, nor the document `own`: the article's current version in the index, 0 for none),
  // then remembers it. Returns the article's own id as cluster when none is close, and
  // `joined` when one is (even when that one carries the article's own id as cluster: a new
  // version of a story's first article that its copies still match).
  StoryInfo assign(const Article& article, Xapian::docid own = 0);

  // Remembers an article that is already in the index, as document `docid`, without assigning
  // it (the loader of an incremental job calls this). Unusable signatures are ignored.
  void remember(Xapian::docid docid, std::string cluster_id,
                std::optional<std::int64_t> published_at, const StorySignature& signature);

  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string id;           // empty for an article loaded from the index
    Xapian::docid docid = 0;  // set for an article loaded from the index
    std::string cluster_id;
    std::optional<std::int64_t> published_at;
    StorySignature signature;
    std::vector<std::uint64_t> bands;  // keys in bands_ that point at this entry
  };

  void forget(std::uint32_t slot);
  void add(Entry entry);  // takes the next slot of the ring, forgetting its old entry

  StorySpec spec_;
  std::size_t capacity_;
  std::vector<Entry> entries_;  // a ring buffer of up to `capacity_` slots
  std::size_t next_ = 0;
  // Band key -> slots holding an article with that band, oldest first.
  std::unordered_map<std::uint64_t, std::vector<std::uint32_t>> bands_;
};

}  // namespace dateline
