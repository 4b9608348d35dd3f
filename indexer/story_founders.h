// The collapse value of a story's first article. Search collapses results on
// StorySpec::collapse_slot, which only articles of stories with two or more carry (the slot stays
// sparse, and Xapian reads it for every candidate it ranks). An article that joins a story gets
// the value when it is written (indexer/document_builder.h); the story's first article was
// written before anyone joined it, so the writer gives it the value afterwards, here, before it
// commits the articles that joined. Its story-facets value (index/story_facets.h), whose story
// key is the collapse value, is written again with it.
#pragma once

#include <cstddef>
#include <set>
#include <string>

#include <xapian.h>

#include "schema/schema.h"

namespace dateline {

// For each cluster id in `clusters` (the id of the story's first article): when that article is
// in `db`, still carries the cluster, lacks the collapse value, and the cluster has another
// article, gives it the value. Returns how many documents changed. Does nothing when the schema
// has no collapse slot. Throws Xapian errors.
std::size_t mark_story_founders(Xapian::WritableDatabase& db, const Schema& schema,
                                const std::set<std::string>& clusters);

}  // namespace dateline
