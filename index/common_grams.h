// Common grams: fast phrases of common words without a custom Xapian class.
//
// A phrase is matched by Xapian as the AND of its words, then a check of their positions in
// every article that has them all. When its words are common ("dlrs offering" in 30% and 4% of
// a million articles) that check runs over tens of thousands of articles. So, at index time,
// wherever one of two adjacent words is in the index's list of common words and the other is
// not a function word of its "not_with" list, the pair is also indexed as one term
// (kCommonGramPrefix + "first second", with no weight, so the document's length and every score
// stay as they were, and no position). At query time an exact phrase with such a pair is
// matched on its pair terms, whose posting lists are short, and scored as before (see
// rewrite_phrases).
//
// Function words are left out of pairs because they are half of all words: pairing them would
// double the cost of the list in index size for phrases ("the company") that readers seldom
// search. A phrase of a common word and a function word is matched as Xapian matches it.
//
// The lists are part of the schema stored in the index ("common_grams"): fixed when the index is
// created, the same for every writer and every reader of it (and every shard). An index created
// without a list has no pair terms, and its phrases are read as Xapian reads them.
//
// The words are terms as the index holds them: stems under "stemming": "all", the words as
// written under "some" (the positional terms either way). Only positional terms without a
// prefix take part: the unprefixed copy of the text fields, not title:/author: terms.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "index/word_set.h"

namespace dateline {

// Pair terms: kCommonGramPrefix + first + " " + second. Baked into on-disk indexes.
inline constexpr const char* kCommonGramPrefix = "XG";

class CommonGrams {
 public:
  CommonGrams() = default;
  CommonGrams(const std::vector<std::string>& words, const std::vector<std::string>& not_with);

  bool empty() const { return words_.empty(); }
  bool common(std::string_view term) const;
  // Whether two adjacent terms are indexed as a pair: one is common and the other is not in
  // not_with (two common words always are).
  bool paired(std::string_view first, std::string_view second) const;

  // The pair term of two adjacent terms, or "" when it would be longer than a term may be
  // (index/format.h kMaxTermBytes): such a pair is not indexed, and a phrase holding it is not
  // rewritten.
  static std::string pair_term(std::string_view first, std::string_view second);

  // Adds to `doc` (built in memory, not yet written) the pair terms of its adjacent unprefixed
  // positional terms that are paired(), wdf 0, no positions. Returns how many pairs it met
  // (each place two paired terms stand together, whether or not that pair was met before).
  std::size_t add_pairs(Xapian::Document& doc) const;

  // `query` with each exact phrase of plain terms that holds a pair (OP_PHRASE with a window of
  // its length, as QueryParser reads "a b c") filtered by its pair terms: two words become
  //   OP_FILTER(OP_AND(a, b), pair)       (the pair is there exactly when the phrase is)
  // and longer phrases OP_FILTER(the phrase, OP_AND(its pairs)), whose positions are then
  // checked only in articles that have every pair. Either matches the same articles with the
  // same weights (the filter adds none; a phrase weighs as the AND of its words). Phrases under
  // an operator this cannot rebuild (a scaled weight, a synonym, NEAR, an elite set) are left
  // as they are. Empty list: `query` unchanged.
  Xapian::Query rewrite_phrases(const Xapian::Query& query) const;

  // Words that may head an index's list: of `db`'s unprefixed terms, those in at least `share`
  // of its documents, most frequent first, at most `limit`, leaving out `excluded` (function
  // words) and terms of digits only. For `dateline common-words`.
  static std::vector<std::string> frequent_terms(
      const Xapian::Database& db, double share, std::size_t limit,
      const std::function<bool(const std::string&)>& excluded);

 private:
  Xapian::Query rewrite_phrase(const Xapian::Query& phrase) const;
  Xapian::Query rewrite(const Xapian::Query& query, bool& changed) const;

  WordSet words_;
  WordSet not_with_;
};

}  // namespace dateline
