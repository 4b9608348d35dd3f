// The counts of one facet's values, in articles or in stories, and the facet made from them.
#pragma once

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "server/search_request.h"

namespace dateline {

// How much of the match the counts saw. When they saw only a sample, each count is scaled by
// `scale` (the match's articles over the sample's) and the facet is marked approximate.
struct FacetScope {
  bool approximate = false;
  double scale = 1.0;
};

// Counts values that normalise to the same filter term (slugify) as one, shown under their most
// common spelling. Not thread-safe.
class FacetTally {
 public:
  // `n` articles with `value`. `story` empty: they count `n`; else they are articles of that
  // story, which counts once for the value however many of its articles have it.
  void add(std::string_view value, std::size_t n, std::string_view story = {});

  // The facet: the top `size` values by count (then value), scaled as `scope` says.
  Facet finish(const std::string& name, const FacetScope& scope, int size) const;

 private:
  struct Counts {
    std::size_t alone = 0;                                      // articles counted one each
    std::set<std::string, std::less<>> stories;                 // stories counted once each
    std::map<std::string, std::size_t, std::less<>> spellings;  // articles per spelling
  };
  std::map<std::string, Counts> by_term_;
};

}  // namespace dateline
