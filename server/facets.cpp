#include "server/facets.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include "core/text.h"
#include "schema/schema.h"

namespace dateline {
namespace {

struct Tally {
  std::size_t count = 0;
  std::map<std::string, std::size_t> spellings;
};

void add(std::map<std::string, Tally>& tallies, const std::string& value, std::size_t n) {
  if (value.empty()) return;
  std::string key = slugify(value);
  if (key.empty()) key = value;
  Tally& t = tallies[key];
  t.count += n;
  t.spellings[value] += n;
}

}  // namespace

Facet facet_from_spy(const std::string& name, const Xapian::ValueCountMatchSpy& spy, bool multi,
                     Xapian::doccount matches, int size) {
  // Count each distinct value first (a multi-valued slot has many distinct combinations but
  // few distinct values), then merge values that normalise to the same filter term.
  std::unordered_map<std::string, std::size_t> by_value;
  for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
    const std::string value = *it;
    std::size_t n = it.get_termfreq();
    if (!multi) {
      by_value[value] += n;
      continue;
    }
    std::size_t start = 0;
    while (start <= value.size()) {
      std::size_t end = value.find(kMultiValueSeparator, start);
      if (end == std::string::npos) end = value.size();
      by_value[value.substr(start, end - start)] += n;
      start = end + 1;
    }
  }
  std::map<std::string, Tally> tallies;
  for (const auto& [value, n] : by_value) add(tallies, value, n);
  Facet facet;
  facet.name = name;
  Xapian::doccount seen = spy.get_total();
  facet.approximate = seen > 0 && seen < matches;
  double scale = facet.approximate ? static_cast<double>(matches) / seen : 1.0;
  for (const auto& [key, tally] : tallies) {
    auto best = std::max_element(tally.spellings.begin(), tally.spellings.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    facet.values.push_back({best->first, static_cast<std::size_t>(std::llround(
                                             static_cast<double>(tally.count) * scale))});
  }
  std::sort(facet.values.begin(), facet.values.end(), [](const FacetValue& a, const FacetValue& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
  if (facet.values.size() > static_cast<std::size_t>(size)) {
    facet.values.resize(static_cast<std::size_t>(size));
  }
  return facet;
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
                           const std::map<std::string, FacetSlot>& slots, Xapian::doccount sample)
    : db_(db), slots_(slots), sample_(sample) {}

void FacetCounter::watch(Xapian::Enquire& enquire, const SearchRequest& request) {
  enquire.clear_matchspies();
  spies_.clear();
  spy_by_name_.clear();
  for (const std::string& name : request.facets) {
    auto slot = slots_.find(name);
    if (slot == slots_.end() || request.filters.count(name)) continue;
    spies_.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot->second.slot));
    spy_by_name_[name] = spies_.back().get();
    enquire.add_matchspy(spies_.back().get());
  }
}

std::vector<Facet> FacetCounter::count(const SearchRequest& r, const QueryPlan& plan,
                                       const Xapian::MSet& main) const {
  std::vector<Facet> out;
  for (const std::string& name : r.facets) {
    auto slot = slots_.find(name);
    if (slot == slots_.end()) continue;
    Xapian::doccount matches = main.get_matches_estimated();
    auto spy_it = spy_by_name_.find(name);
    if (spy_it != spy_by_name_.end()) {
      out.push_back(
          facet_from_spy(name, *spy_it->second, slot->second.multi, matches, r.facet_size));
      continue;
    }
    // Disjunctive: this facet's own filter is left out, so the other values still count.
    Xapian::ValueCountMatchSpy own(slot->second.slot);
    Xapian::Enquire enquire(db_);
    enquire.set_query(plan.combined(name));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.add_matchspy(&own);
    Xapian::MSet m = enquire.get_mset(0, 0, sample_);
    out.push_back(
        facet_from_spy(name, own, slot->second.multi, m.get_matches_estimated(), r.facet_size));
  }
  return out;
}

}  // namespace dateline
