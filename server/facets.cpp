#include "server/facets.h"

#include <optional>

#include "index/story_facets.h"
#include "schema/schema.h"

namespace dateline {
namespace {

// Adds one stored slot value (`n` articles of `story`) to `tally`, split when `multi`.
void add_slot_value(FacetTally& tally, std::string_view value, bool multi, std::size_t n,
                    std::string_view story) {
  if (!multi) {
    tally.add(value, n, story);
    return;
  }
  std::size_t start = 0;
  while (start <= value.size()) {
    std::size_t end = value.find(kMultiValueSeparator, start);
    if (end == std::string_view::npos) end = value.size();
    tally.add(value.substr(start, end - start), n, story);
    start = end + 1;
  }
}

}  // namespace

FacetScope facet_scope(Xapian::doccount seen, Xapian::doccount sample, const Xapian::MSet& mset) {
  FacetScope scope;
  // The spies see every candidate before collapse, so they are compared with the uncollapsed
  // counts: the collapsed ones are smaller, and would make a complete count look partial.
  if (seen == 0 || seen < sample || seen >= mset.get_uncollapsed_matches_upper_bound()) {
    return scope;
  }
  scope.approximate = true;
  scope.scale = static_cast<double>(mset.get_uncollapsed_matches_estimated()) / seen;
  return scope;
}

std::map<std::string, FacetSlot> facet_slots(const Schema& schema) {
  std::map<std::string, FacetSlot> slots;
  if (const FieldSpec* published = schema.find("published_at"); published && published->date) {
    if (published->date->month_slot) slots["month"] = {*published->date->month_slot, false};
  }
  for (const std::string& name : filter_names()) {
    const FieldSpec* field = api_field(schema, name);
    if (field != nullptr && field->value) slots[name] = {field->value->slot, field->value->multi};
  }
  return slots;
}

FacetCounter::FacetCounter(const Xapian::Database& db,
                           const std::map<std::string, FacetSlot>& slots, Xapian::doccount sample,
                           Xapian::valueno story_facets_slot)
    : db_(db), slots_(slots), sample_(sample), story_facets_slot_(story_facets_slot) {}

std::unique_ptr<Xapian::ValueCountMatchSpy> FacetCounter::spy_for(const FacetSlot& slot) const {
  return std::make_unique<Xapian::ValueCountMatchSpy>(stories_ ? story_facets_slot_ : slot.slot);
}

void FacetCounter::tally(FacetTally& tally, const Xapian::ValueCountMatchSpy& spy,
                         const FacetSlot& slot) const {
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
    const std::string value = *it;
    const std::size_t n = it.get_termfreq();
    if (!stories_) {
      add_slot_value(tally, value, slot.multi, n, {});
      continue;
    }
    StoryFacets facets = read_story_facets(value);
    for (const auto& [number, stored] : facets.values) {
      if (number == slot.slot) add_slot_value(tally, stored, slot.multi, n, facets.story);
    }
  }
}

void FacetCounter::watch(Xapian::Enquire& enquire, const SearchRequest& request, bool collapsed) {
  enquire.clear_matchspies();
  spies_.clear();
  spy_by_name_.clear();
  stories_ = request.collapse && story_facets_slot_ != Xapian::BAD_VALUENO;
  own_match_ = !collapsed && db_.size() > 1;
  for (const std::string& name : request.facets) {
    auto slot = slots_.find(name);
    if (slot == slots_.end() || request.filters.count(name)) continue;
    // Counting stories, one spy on the story-facets slot serves every facet.
    if (!stories_ || spies_.empty()) {
      spies_.push_back(spy_for(slot->second));
      if (!own_match_) enquire.add_matchspy(spies_.back().get());
    }
    spy_by_name_[name] = spies_.back().get();
  }
}

std::vector<Facet> FacetCounter::count(const SearchRequest& r, const QueryPlan& plan,
                                       const Xapian::MSet& main) const {
  std::vector<Facet> out;
  std::optional<Xapian::MSet> apart;  // the facets' own match, when they were counted apart
  if (own_match_ && !spies_.empty()) {
    Xapian::Enquire enquire(db_);
    enquire.set_query(plan.combined());
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    for (const auto& spy : spies_) enquire.add_matchspy(spy.get());
    apart = enquire.get_mset(0, 0, sample_);
  }
  for (const std::string& name : r.facets) {
    auto slot = slots_.find(name);
    if (slot == slots_.end()) continue;
    FacetTally counts;
    auto spy_it = spy_by_name_.find(name);
    if (spy_it != spy_by_name_.end()) {
      tally(counts, *spy_it->second, slot->second);
      FacetScope scope = facet_scope(spy_it->second->get_total(), sample_, apart ? *apart : main);
      out.push_back(counts.finish(name, scope, r.facet_size));
      continue;
    }
    // Disjunctive: this facet's own filter is left out, so the other values still count.
    std::unique_ptr<Xapian::ValueCountMatchSpy> own = spy_for(slot->second);
    Xapian::Enquire enquire(db_);
    enquire.set_query(plan.combined(name));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.add_matchspy(own.get());
    Xapian::MSet m = enquire.get_mset(0, 0, sample_);
    tally(counts, *own, slot->second);
    out.push_back(counts.finish(name, facet_scope(own->get_total(), sample_, m), r.facet_size));
  }
  return out;
}

}  // namespace dateline
