#include "server/story_members.h"

#include <algorithm>
#include <set>

#include "index/story_facets.h"
#include "query/request.h"

namespace dateline {
namespace {

// Every matching document seen by `spy`: the whole match is checked, since a count or a source
// missed would differ with where the articles are. A page has at most a few dozen stories, so
// the match is small.
void spy_on(const Xapian::Database& db, const Xapian::Query& query,
            Xapian::ValueCountMatchSpy& spy) {
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_query(query);
  enquire.add_matchspy(&spy);
  enquire.get_mset(0, 0, db.get_doccount());
}

}  // namespace

bool has_story_members(const Schema& schema) {
  return schema.story.has_value() && schema.story_facets_slot.has_value();
}

std::map<std::string, StoryMembers> count_story_members(const Xapian::Database& db,
                                                        const Schema& schema,
                                                        const std::vector<std::string>& stories,
                                                        const Xapian::Query& matching,
                                                        const Xapian::Query& unseen) {
  std::map<std::string, StoryMembers> members;
  if (!has_story_members(schema)) return members;
  std::vector<Xapian::Query> terms;
  for (const std::string& story : stories) {
    if (story.empty() || !members.try_emplace(story).second) continue;
    terms.emplace_back(schema.story->cluster_prefix + story);
  }
  if (terms.empty()) return members;
  const Xapian::Query in_stories(Xapian::Query::OP_OR, terms.begin(), terms.end());
  const Xapian::valueno slot = *schema.story_facets_slot;

  Xapian::ValueCountMatchSpy matched(slot);
  spy_on(db, Xapian::Query(Xapian::Query::OP_FILTER, matching, in_stories), matched);
  for (auto it = matched.values_begin(); it != matched.values_end(); ++it) {
    const std::string value = *it;
    auto found = members.find(std::string(read_story_facets(value).story));
    if (found != members.end()) found->second.matching += it.get_termfreq();
  }

  const FieldSpec* source = api_field(schema, "source");
  if (source == nullptr || !source->value) return members;
  Xapian::ValueCountMatchSpy visible(slot);
  spy_on(db,
         unseen.empty() ? in_stories : Xapian::Query(Xapian::Query::OP_AND_NOT, in_stories, unseen),
         visible);
  std::map<std::string, std::set<std::string>> names;
  for (auto it = visible.values_begin(); it != visible.values_end(); ++it) {
    const std::string value = *it;
    StoryFacets facets = read_story_facets(value);
    auto found = members.find(std::string(facets.story));
    if (found == members.end()) continue;
    for (const auto& [number, stored] : facets.values) {
      if (number == source->value->slot && !stored.empty()) names[found->first].emplace(stored);
    }
  }
  for (auto& [story, sources] : names) {
    members[story].sources.assign(sources.begin(), sources.end());
  }
  return members;
}

}  // namespace dateline
