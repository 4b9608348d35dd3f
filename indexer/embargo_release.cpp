#include "indexer/embargo_release.h"

#include <vector>

#include <nlohmann/json.hpp>

#include "index/format.h"
#include "index/story_facets.h"
#include "schema/article.h"

namespace dateline {
namespace {

// The story values and cluster term of `from`, copied onto `to` (a rebuilt article keeps its
// story: the release changes words, not clustering).
void copy_story(const Xapian::Document& from, Xapian::Document& to, const StorySpec& story) {
  std::vector<unsigned> slots = {story.cluster_slot, story.signature_slot};
  if (story.collapse_slot) slots.push_back(*story.collapse_slot);
  for (unsigned slot : slots) {
    if (std::string value = from.get_value(slot); !value.empty()) to.add_value(slot, value);
  }
  Xapian::TermIterator it = from.termlist_begin();
  it.skip_to(story.cluster_prefix);
  for (; it != from.termlist_end() && (*it).rfind(story.cluster_prefix, 0) == 0; ++it) {
    to.add_boolean_term(*it);
  }
}

}  // namespace

std::size_t release_embargoed(Xapian::WritableDatabase& db, const Schema& schema,
                              DocumentBuilder& builder, std::int64_t now) {
  // The ids first: replacing documents while walking the term's posting list would change it.
  std::vector<Xapian::docid> held(db.postlist_begin(kHeldBackTerm), db.postlist_end(kHeldBackTerm));
  std::size_t released = 0;
  for (Xapian::docid id : held) {
    Xapian::Document old = db.get_document(id);
    Article article = article_from_stored_json(nlohmann::json::parse(old.get_data()));
    if (article.embargo_until && *article.embargo_until > now) continue;
    Xapian::Document doc = builder.build(article, nullptr, now);
    if (schema.story) copy_story(old, doc, *schema.story);
    set_story_facets(schema, doc);  // again, with the story's collapse value
    db.replace_document(id, doc);
    ++released;
  }
  return released;
}

}  // namespace dateline
