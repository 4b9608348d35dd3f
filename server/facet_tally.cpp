#include "server/facet_tally.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/text.h"

namespace dateline {

void FacetTally::add(std::string_view value, std::size_t n, std::string_view story) {
  if (value.empty()) return;
  std::string spelling(value);
  std::string key = slugify(spelling);
  if (key.empty()) key = spelling;
  Counts& counts = by_term_[key];
  if (story.empty()) {
    counts.alone += n;
  } else if (counts.stories.find(story) == counts.stories.end()) {
    counts.stories.emplace(story);
  }
  counts.spellings[spelling] += n;
}

Facet FacetTally::finish(const std::string& name, const FacetScope& scope, int size) const {
  Facet facet;
  facet.name = name;
  facet.approximate = scope.approximate;
  for (const auto& [key, counts] : by_term_) {
    auto best = std::max_element(counts.spellings.begin(), counts.spellings.end(),
                                 [](const auto& a, const auto& b) { return a.second < b.second; });
    double count = static_cast<double>(counts.alone + counts.stories.size());
    facet.values.push_back(
        {best->first, static_cast<std::size_t>(std::llround(count * scope.scale))});
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
