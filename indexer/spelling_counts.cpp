#include "indexer/spelling_counts.h"

namespace dateline {

void SpellingCounts::add(const std::string& word, Xapian::termcount n) {
  auto it = counts_.find(word);
  if (it == counts_.end()) {
    counts_.emplace(word, n);
  } else {
    it->second += n;
  }
}

void SpellingCounts::write_to(Xapian::WritableDatabase& db) {
  for (const auto& [word, n] : counts_) db.add_spelling(word, n);
  counts_.clear();
}

void SpellingCounts::remove_from(Xapian::WritableDatabase& db) {
  for (const auto& [word, count] : counts_) db.remove_spelling(word, count);
  counts_.clear();
}

}  // namespace dateline
