// A fixed set of words for lookups in tight loops (the common-grams lists, asked about every
// term of every document): one hash of a few bytes and usually one comparison, no allocation.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dateline {

class WordSet {
 public:
  WordSet() = default;
  // The set of `words` (duplicates kept once).
  explicit WordSet(const std::vector<std::string>& words);

  bool empty() const { return size_ == 0; }
  bool contains(std::string_view word) const;

 private:
  std::size_t slot_of(std::string_view word) const;

  // Open addressing with linear probing: a power-of-two table at most a quarter full, so a
  // word not in the set usually meets an empty slot at once.
  std::vector<std::string> slots_;
  std::vector<unsigned char> used_;  // 1: slots_ holds a word
  std::size_t size_ = 0;
};

}  // namespace dateline
