#include "index/word_set.h"

#include <cstdint>

namespace dateline {

WordSet::WordSet(const std::vector<std::string>& words) {
  std::size_t capacity = 8;
  while (capacity < 4 * words.size()) capacity *= 2;
  slots_.resize(capacity);
  used_.resize(capacity);
  for (const std::string& word : words) {
    std::size_t i = slot_of(word);
    while (used_[i] && slots_[i] != word) i = (i + 1) & (capacity - 1);
    if (used_[i]) continue;
    slots_[i] = word;
    used_[i] = 1;
    ++size_;
  }
}

// The length, the first two bytes and the last one tell the words of a short list apart well
// enough, and cost the same for a long word as for a short one.
std::size_t WordSet::slot_of(std::string_view word) const {
  std::uint64_t key = word.size();
  if (!word.empty()) {
    key = key << 8 | static_cast<unsigned char>(word.front());
    key = key << 8 | static_cast<unsigned char>(word.back());
  }
  if (word.size() > 1) key = key << 8 | static_cast<unsigned char>(word[1]);
  const std::uint64_t mixed = key * 0x9e3779b97f4a7c15ull;
  return static_cast<std::size_t>(mixed >> 40) & (slots_.size() - 1);
}

bool WordSet::contains(std::string_view word) const {
  if (size_ == 0) return false;
  for (std::size_t i = slot_of(word);; i = (i + 1) & (slots_.size() - 1)) {
    if (!used_[i]) return false;
    if (slots_[i] == word) return true;
  }
}

}  // namespace dateline
