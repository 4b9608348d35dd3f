#include "server/pinned_page.h"

namespace dateline {

PinLayout layout_pins(const std::vector<int>& positions, std::size_t offset, std::size_t count,
                      std::optional<std::size_t> organic_total) {
  PinLayout layout;
  layout.slots.assign(count, std::nullopt);
  std::size_t before = 0;
  std::size_t in_page = 0;
  for (std::size_t i = 0; i < positions.size(); ++i) {
    auto rank = static_cast<std::size_t>(positions[i]);
    // Ranks before this pin hold the earlier pins and ranked hits; with too few of those, the
    // pin follows the last of them.
    if (organic_total) rank = std::min(rank, *organic_total + i + 1);
    if (rank <= offset) {
      ++before;
    } else if (rank <= offset + count) {
      layout.slots[rank - offset - 1] = i;
      ++in_page;
    }
  }
  layout.organic_offset = offset - before;
  layout.organic_count = count - in_page;
  return layout;
}

std::vector<SearchHit> merge_pinned(const PinLayout& layout, std::vector<SearchHit> organic,
                                    std::vector<SearchHit> pinned) {
  std::vector<SearchHit> page;
  std::size_t next = 0;
  for (const std::optional<std::size_t>& slot : layout.slots) {
    if (slot && *slot < pinned.size()) {
      page.push_back(std::move(pinned[*slot]));
      page.back().pinned = true;
    } else if (!slot && next < organic.size()) {
      page.push_back(std::move(organic[next++]));
    }
  }
  return page;
}

}  // namespace dateline
