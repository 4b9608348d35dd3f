// Wildcard words over an index of word stems ("stemming": "all").
//
// Xapian's parser expands `presiden*` over the index's terms that start with "presiden". An
// index of stems has "president" only as its stem "presid", which does not start with it, so a
// plain wildcard misses the word the user meant. widen_wildcards rewrites such words before
// parsing, as the synonym table rewrites query words (query/synonyms.h): the result is plain
// query text, so it also runs on remote shards.
#pragma once

#include <map>
#include <string>

#include <xapian.h>

namespace dateline {

// Returns `query` with each wildcard word outside quotes (`presiden*`, `+presiden*`,
// `title:presiden*`) written as `(presiden* OR president …)`. A word is added for each stem
// that (a) does not start with the wildcard's prefix (Xapian already finds those), (b) is the
// stem, by `stem`, of a word starting with the prefix: a word of the index's spelling table
// (title and summary words), or the prefix completed by at most two letters a-z, and (c) is a
// term of `db` under the field's term prefix. The parser stems the added word back to that
// stem. At most 8 wildcard words are widened and at most 12 stems added to each; `prefixes`
// maps a field's query name ("title") to its term prefix ("S"); a wildcard behind any other
// name is left alone. Returns `query` unchanged when it has no wildcard or nothing to add.
std::string widen_wildcards(const std::string& query, const Xapian::Database& db,
                            const Xapian::Stem& stem,
                            const std::map<std::string, std::string>& prefixes);

// Returns `query` with each wildcard (Xapian::Query::OP_WILDCARD, as the query parser makes them)
// expanded here into the same combination (synonym, or, max) of its `max_expansion` most
// frequent terms in `db` (chosen as Xapian chooses them on one index, ties included), or into
// MatchNothing when no term matches.
// Xapian expands a wildcard on each shard separately, over that shard's terms and limit, so a
// sharded index would weigh and cut it differently from one index; expanded once over the merged
// term list, the query is the same on every shard and scores as on one index. A wildcard inside
// an operator whose parameters cannot be read back (elite set) is left to Xapian.
Xapian::Query expand_wildcards(const Xapian::Query& query, const Xapian::Database& db,
                               unsigned max_expansion);

}  // namespace dateline
