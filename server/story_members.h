// The other articles of the stories on a page of collapsed results: how many of each story's
// articles the query matches, and the sources of those a reader may see. Counted for the whole
// page in two matches with Xapian's built-in ValueCountMatchSpy on the story-facets slot
// (index/story_facets.h), so it runs on remote shards too and gives the same answer there as on
// one index. Xapian's own collapse counts cannot serve: they count only the candidates the
// matcher happened to check, and Xapian 1.4 overwrites them when it merges remote results.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <xapian.h>

#include "schema/schema.h"

namespace dateline {

struct StoryMembers {
  Xapian::doccount matching = 0;     // articles of the story the query matches, the hit included
  std::vector<std::string> sources;  // the visible articles' sources, each once, sorted
  // With `pick`: the article that stands for the story, its best-scoring match, scores equal
  // within 1e-9 (relative) ordered by the order slot. Over shards, scores equal on one index can
  // differ in their last bit (each shard adds a query's term weights in its own order), so
  // Xapian's own choice, by exact score, could show another copy than one index shows. 0: none
  // picked.
  Xapian::docid stands_for = 0;
};

// Keyed by collapse value (index/format.h, collapse_slot). `stories`: the collapse values of the
// page's hits (an empty one is an article alone and is skipped); `matching`: the query the page
// was matched with, under `weight`; `unseen`: the articles a reader may not see (empty: none);
// `pick`: the page is ordered by score, and each story's stands_for is chosen. Needs the
// schema's story_facets_slot (call has_story_members first). May throw Xapian::Error like any
// read of `db`.
std::map<std::string, StoryMembers> count_story_members(const Xapian::Database& db,
                                                        const Schema& schema,
                                                        const std::vector<std::string>& stories,
                                                        const Xapian::Query& matching,
                                                        const Xapian::Weight& weight,
                                                        const Xapian::Query& unseen, bool pick);

// Whether `schema`'s index can count story members this way (schema version 3 on).
bool has_story_members(const Schema& schema);

}  // namespace dateline
