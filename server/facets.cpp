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

}  // namespace dateline
