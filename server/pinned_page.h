// Where an editor's pinned articles fall on a page of results (server/curations.h): pure
// arithmetic over global ranks, no Xapian, so every case is tested directly.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "server/search_request.h"

namespace dateline {

struct PinLayout {
  std::size_t organic_offset = 0;  // where the page's ranked (unpinned) hits start
  std::size_t organic_count = 0;   // how many ranked hits the page takes
  // Per slot of the page: the index into the pins of the pin shown there, or nullopt for the
  // next ranked hit. Its size is the page's size (per_page).
  std::vector<std::optional<std::size_t>> slots;
};

// The layout of the page [offset, offset + count) when the pins (1-based global positions,
// ascending, each distinct) are placed among `organic_total` ranked hits (nullopt: as many as
// any pin needs). A pin past the end of the results moves up to follow the last ranked hit, so
// no page shows a gap: with 3 ranked hits, pins at 2 and 10 are shown at ranks 2 and 5.
PinLayout layout_pins(const std::vector<int>& positions, std::size_t offset, std::size_t count,
                      std::optional<std::size_t> organic_total);

// The page: `organic` (the ranked hits of the layout, in order) with `pinned` (one hit per pin,
// in the pins' order, marked pinned) in their slots. Slots with nothing left are dropped.
std::vector<SearchHit> merge_pinned(const PinLayout& layout, std::vector<SearchHit> organic,
                                    std::vector<SearchHit> pinned);

}  // namespace dateline
