// Did-you-mean for a typed query. Each word the index has never seen is replaced by the closest
// more frequent word of the index's spelling table (title and summary words; Xapian's
// get_spelling_suggestion, edit distance up to 2). Words the index has, in any article, are left
// as typed: Xapian's query parser, given FLAG_SPELLING_CORRECTION, looks up every word and
// "corrects" correct ones towards more frequent neighbours ("treasury reserve" -> "treasury
// reserves", "patient market" -> "patent market", half of a realistic query set), at a cost of
// most of a millisecond per query on a large index.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include "query/language.h"

namespace dateline {

// A spelling correction of a query.
struct SpellingCorrection {
  std::string query;   // the query with its unknown words corrected; "" when none
  unsigned edits = 0;  // the most edits one word needed: 1 (a sure correction) or 2
};

// Returns `query` with its unknown words corrected (query "" when nothing changed). A word is known
// when the index has it as written or its stem by the stemmer of any of `languages` (the
// languages the query is read in). Left alone: the operators (AND, OR, NOT, XOR, NEAR, ADJ),
// function words of those languages ("did" is no typo of "id"), field-prefixed words
// ("title:harbuor", "source:reuters"), excluded words ("-word"), wildcards ("harb*"), words with
// digits, words shorter than three letters and words with two capitals or more (acronyms and
// names as their owners write them: "IBP", "ComYMV"). A word is corrected by one edit (Xapian's
// measure: an insertion, deletion, substitution or transposition) when one finds a more frequent
// word; else, from five letters on, by two. A correction is never a function word. Everything else
// in the string is kept byte for byte. May throw Xapian::DatabaseModifiedError like any read of
// `db`.
SpellingCorrection corrected_query(const Xapian::Database& db, const std::string& query,
                                   const std::vector<QueryLanguage>& languages);

}  // namespace dateline
