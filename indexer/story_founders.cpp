#include "indexer/story_founders.h"

#include "index/story_facets.h"

namespace dateline {

std::size_t mark_story_founders(Xapian::WritableDatabase& db, const Schema& schema,
                                const std::set<std::string>& clusters) {
  if (!schema.story || !schema.story->collapse_slot) return 0;
  const StorySpec& spec = *schema.story;
  const Xapian::valueno collapse = *spec.collapse_slot;
  std::size_t changed = 0;
  for (const std::string& cluster : clusters) {
    std::string id_term = schema.id_prefix() + cluster;
    Xapian::PostingIterator first = db.postlist_begin(id_term);
    if (first == db.postlist_end(id_term)) continue;  // deleted since
    if (db.get_termfreq(spec.cluster_prefix + cluster) < 2) continue;
    Xapian::Document doc = db.get_document(*first);
    // A new version of the first article may have joined another story, or have the value.
    if (doc.get_value(spec.cluster_slot) != cluster || !doc.get_value(collapse).empty()) continue;
    doc.add_value(collapse, cluster);
    set_story_facets(schema, doc);     // its story key is the collapse value
    db.replace_document(*first, doc);  // values only: the terms and data are not rewritten
    ++changed;
  }
  return changed;
}

}  // namespace dateline
