// Related articles: the articles most like one article, by its most telling words.
#pragma once

#include <string>

#include <xapian.h>

#include "schema/schema.h"
#include "server/hits.h"
#include "server/recency.h"
#include "server/search_request.h"

namespace dateline {

// Articles like the one with `id` (by the words of it that tell most, which other articles also
// have), excluding it and its story, favouring recent ones as a balanced search does, one per
// story; at most `per_page`, with plain titles and leads (`highlight`: their length). Throws
// Error(kNotFound) for an unknown id, or one a reader may not see at `now` (whose hidden
// articles, and `taken_down`, are left out of the results too); may throw
// Xapian::DatabaseModifiedError like any read of `db`.
SearchResponse related_articles(const Xapian::Database& db, const Schema& schema,
                                const std::string& id, int per_page, std::int64_t now,
                                const Xapian::Query& taken_down, const RecencyBoost& recency,
                                const HitMaker& hits, const HighlightOptions& highlight);

// The 20 words of `article` that tell most: what Xapian's Enquire::get_eset gives for it as the
// one relevant document (its default "trad" scheme, exact term frequencies), among its
// unprefixed, non-numeric terms that another article also has, in get_eset's order (and the
// same words where weights tie). Costs the term list and one statistics pass, on one index or
// over remote shards.
std::vector<std::string> telling_words(const Xapian::Database& db, const Xapian::Document& article);

}  // namespace dateline
