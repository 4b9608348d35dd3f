#include "server/story_members.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "index/format.h"
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

// Matches the stories' articles `query` finds, under `weight` and with `spy`, as spy_on does,
// and sets each story's stands_for from its best few, which Xapian keeps per story by collapse.
void pick_standing(const Xapian::Database& db, const Schema& schema, const Xapian::Query& query,
                   const Xapian::Weight& weight, std::map<std::string, StoryMembers>& members,
                   Xapian::ValueCountMatchSpy& spy) {
  constexpr Xapian::doccount kBestKept = 5;  // copies scored alike, per story
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(weight);
  enquire.set_query(query);
  enquire.set_collapse_key(collapse_slot(*schema.story), kBestKept);
  enquire.set_sort_by_relevance_then_value(*schema.order_slot, false);
  enquire.add_matchspy(&spy);
  const Xapian::MSet best = enquire.get_mset(
      0, static_cast<Xapian::doccount>(members.size()) * kBestKept, db.get_doccount());
  struct Pick {
    double weight = 0;
    std::string order;
  };
  std::map<std::string, Pick> picks;  // by story: the best score seen, and the chosen order key
  for (auto it = best.begin(); it != best.end(); ++it) {
    auto found = members.find(it.get_collapse_key());
    if (found == members.end()) continue;
    auto [pick, first] = picks.try_emplace(found->first);
    const double w = it.get_weight();
    // Items come best first: the first sets the score, those within 1e-9 of it compete on
    // their order key (ascending: newest, then by id).
    if (first) {
      pick->second = {w, it.get_sort_key()};
      found->second.stands_for = *it;
    } else if (pick->second.weight - w <= 1e-9 * std::max(1.0, std::abs(pick->second.weight)) &&
               it.get_sort_key() < pick->second.order) {
      pick->second.order = it.get_sort_key();
      found->second.stands_for = *it;
    }
  }
}

}  // namespace

bool has_story_members(const Schema& schema) {
  return schema.story.has_value() && schema.story_facets_slot.has_value();
}

std::map<std::string, StoryMembers> count_story_members(const Xapian::Database& db,
                                                        const Schema& schema,
                                                        const std::vector<std::string>& stories,
                                                        const Xapian::Query& matching,
                                                        const Xapian::Weight& weight,
                                                        const Xapian::Query& unseen, bool pick) {
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
  const Xapian::Query members_matching(Xapian::Query::OP_FILTER, matching, in_stories);
  if (pick && schema.order_slot) {
    pick_standing(db, schema, members_matching, weight, members, matched);
  } else {
    spy_on(db, members_matching, matched);
  }
  for (auto it = matched.values_begin(); it != matched.values_end(); ++it) {
    const std::string value = *it;
    auto found = members.find(std::string(read_story_facets(value).story));
    if (found != members.end()) found->second.matching += it.get_termfreq();
  }

  // Sources are named for stories with other matching articles (a hit shows them only then).
  const FieldSpec* source = api_field(schema, "source");
  if (source == nullptr || !source->value) return members;
  std::vector<Xapian::Query> shown;
  for (const auto& [story, counted] : members) {
    if (counted.matching > 1) shown.emplace_back(schema.story->cluster_prefix + story);
  }
  if (shown.empty()) return members;
  const Xapian::Query named(Xapian::Query::OP_OR, shown.begin(), shown.end());
  Xapian::ValueCountMatchSpy visible(slot);
  spy_on(db, unseen.empty() ? named : Xapian::Query(Xapian::Query::OP_AND_NOT, named, unseen),
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
