// Spelling words counted in memory and written into a database's spelling table in one go.
//
// Xapian's FLAG_SPELLING updates the spelling table of the database being written, and a commit
// writes every word changed since the last one. A bulk build commits every 1,000 documents into
// many small shards, so the same vocabulary was written again at every commit, its fragments
// again in every shard, and the merge had a spelling table per shard to combine. A bulk writer
// counts words here instead and writes them once; merging the shards sums the frequencies, which
// gives the same table as one writer with FLAG_SPELLING (tests/bulk_writer_test.cpp checks that).
#pragma once

#include <cstddef>
#include <string>
#include <unordered_map>

#include <xapian.h>

namespace dateline {

class SpellingCounts {
 public:
  // Rough memory per distinct word (hash node, short string, count), for callers that bound it.
  static constexpr std::size_t kBytesPerWord = 96;

  // Adds `n` occurrences of `word`.
  void add(const std::string& word, Xapian::termcount n);

  // Distinct words held.
  std::size_t size() const { return counts_.size(); }

  // Adds every count to `db`'s spelling table (written by its next commit) and forgets them.
  void write_to(Xapian::WritableDatabase& db);

  // Takes every count off `db`'s spelling table instead (a word whose frequency reaches 0 leaves
  // it), and forgets them: what a removed article added.
  void remove_from(Xapian::WritableDatabase& db);

 private:
  std::unordered_map<std::string, Xapian::termcount> counts_;
};

}  // namespace dateline
