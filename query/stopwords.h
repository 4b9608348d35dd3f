// Function words that carry no topic ("the", "of", "und", "der"), per language, for reading long
// queries. A sentence typed or pasted as a query ("what are the effects of the drought on the
// harvest") is matched on any of its words; there the function words only add noise to the
// ranking, since nearly every document has them. Short queries (every word required) and phrases
// keep every word: "the who" and "to be or not to be" must still mean what they say.
//
// Measured on TIME, Cranfield and SciFact with bench/ranking_lab.cpp (docs/BENCHMARKS.md).
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

namespace dateline {

// The stopper for an ISO 639-1 language code ("en", "de"), or nullptr for a language without a
// list (then no word is dropped). The stoppers live for the whole program and are read-only, so
// any thread may use them.
const Xapian::Stopper* stopper_for(const std::string& language);

// The same list's words, as written (not stemmed); empty for a language without one.
std::vector<std::string> function_words(const std::string& language);

}  // namespace dateline
