// Search hits from a match: the stored fields an article shows, its story and the other sources
// collapsed into it, the share of its score recency gave, and its title and body fragments with
// the query's words marked.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "index/shard_set.h"
#include "query/query_reader.h"
#include "schema/schema.h"
#include "server/highlighter.h"
#include "server/recency.h"
#include "server/search_request.h"
#include "server/story_members.h"

namespace dateline {

class HitMaker {
 public:
  // `index`, `schema` and `recency` must outlive the maker; the hits' documents are read
  // through `index` (ShardSet::documents: over remote shards, every shard at once). Not
  // thread-safe (Xapian handles are not): one per thread, like its database.
  HitMaker(const ShardSet& index, const Schema& schema, const RecencyBoost& recency);

  // The hits of `mset` for `plan`, with the words of its query marked as `highlight` says: on an
  // index of stems, those of reader.highlight_queries(plan) (statistics passes, get_mset(0, 0),
  // that match nothing; the loose reading only where the strict one marks nothing, since loose
  // words would outscore a phrase when choosing a fragment). May throw
  // Xapian::DatabaseModifiedError like any read of `db`.
  std::vector<SearchHit> marked(const Xapian::MSet& mset, const QueryPlan& plan,
                                const QueryReader& reader, const HighlightOptions& highlight) const;

  // The hits of `mset` with plain titles and leads.
  std::vector<SearchHit> plain(const Xapian::MSet& mset, const QueryPlan& plan,
                               const HighlightOptions& highlight) const;

 private:
  // The words marked: `strict` first, then `loose` where strict marks nothing. `snippet_stem`
  // is the query's stemmer for MSet::snippet, made from every reading (server/highlighter.h).
  struct Marks {
    Xapian::MSet strict;
    std::optional<Xapian::MSet> loose;
    Xapian::Stem snippet_stem;
  };
  Marks marks_for(const Xapian::MSet& mset, const QueryPlan& plan, const QueryReader& reader) const;
  using Stories = std::map<std::string, StoryMembers>;
  // The members of the stories of `mset`'s hits, when it was matched with story collapse
  // (server/story_members.h): the match's query is plan.combined(), and the plan's hidden
  // articles are neither counted nor named (an embargoed copy must not be named before it may
  // be seen).
  Stories stories_of(const Xapian::MSet& mset, const QueryPlan& plan) const;
  // The documents of `mset`'s hits, in its order: a story's by the article that stands for it.
  std::vector<Xapian::Document> documents_of(const Xapian::MSet& mset,
                                             const Stories& stories) const;
  // `marks`: nullptr for plain titles and leads.
  SearchHit make_hit(const Marks* marks, const Xapian::MSetIterator& it,
                     const Xapian::Document& doc, const HighlightOptions& highlight,
                     const QueryPlan& plan, const Stories& stories) const;
  // The other articles of the hit's story: from `stories`, or on an index without the
  // story-facets slot from Xapian's collapse count and the story's posting list.
  void add_other_sources(SearchHit& hit, const Xapian::MSetIterator& it, const QueryPlan& plan,
                         const Stories& stories) const;

  const ShardSet& index_;
  const Xapian::Database& db_;  // index_.database()
  const Schema& schema_;
  const RecencyBoost& recency_;
  Xapian::valueno source_slot_ = Xapian::BAD_VALUENO;    // the "source" API field's value slot
  Xapian::valueno language_slot_ = Xapian::BAD_VALUENO;  // the "lang" API field's value slot
};

}  // namespace dateline
