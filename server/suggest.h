// Autocomplete: completions of what is being typed, from the words of titles.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include "schema/schema.h"
#include "server/search_request.h"

namespace dateline {

// Completions of the last word (or the last two words) of `text` from title words and title
// word pairs (index/format.h, kTitleBigramPrefix), most frequent first, at most `limit`. On an
// index of stems one word is completed from the spelling table (title and summary words as
// written) instead. Examines at most `scan_limit` terms. May throw
// Xapian::DatabaseModifiedError like any read of `db`.
std::vector<Suggestion> suggest_completions(const Xapian::Database& db, const Schema& schema,
                                            const std::string& text, int limit,
                                            unsigned scan_limit);

}  // namespace dateline
