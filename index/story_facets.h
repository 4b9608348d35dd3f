// Facet values with their story, in one value slot (Schema::story_facets_slot), so that facets
// can count stories with Xapian's built-in ValueCountMatchSpy (which also runs on remote
// shards): a story counts for a value when any of its matching articles has it, as a filter on
// that value would show it. Baked into on-disk indexes: never change the layout.
//
// Layout: the story key, then for each facet slot the article has a value in: '\x1e', the slot
// number in decimal, '\x1d', the slot's value as stored (a multi-valued slot's values joined by
// kMultiValueSeparator). The story key is the article's collapse value (index/format.h,
// collapse_slot): empty for an article whose story has no other article, which Xapian never
// collapses, so such articles count one each.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <xapian.h>

#include "schema/schema.h"

namespace dateline {

// The slots whose values the slot carries: every field's value slot and published_at's month
// slot.
std::vector<unsigned> story_facet_slots(const Schema& schema);

// Sets `doc`'s story-facets value from its own values (the facet slots and the collapse value);
// call after those are final. Does nothing when the schema has no story_facets_slot.
void set_story_facets(const Schema& schema, Xapian::Document& doc);

// One decoded value: views into the string it was read from.
struct StoryFacets {
  std::string_view story;                                     // "" = an article alone
  std::vector<std::pair<unsigned, std::string_view>> values;  // (slot, stored value)
};

// Decodes a value set_story_facets wrote; the result views `value`, which must outlive it.
// Malformed parts (not written by it) are skipped.
StoryFacets read_story_facets(std::string_view value);

}  // namespace dateline
