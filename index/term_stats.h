// Term lookups done the cheap way for the layout: over several databases (remote shards)
// get_termfreq and postlist_begin ask each in turn, a round trip apiece, where one match asks
// every shard at once.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

namespace dateline {

// The number of documents of `db` with each of `terms` (0 for an absent or empty term, or one
// longer than a term can be). May throw Xapian::Error like any read of `db`.
std::map<std::string, Xapian::doccount> term_frequencies(const Xapian::Database& db,
                                                         const std::vector<std::string>& terms);

// The document indexed by `term` (an id term: at most one has it), or nullopt when none is.
// May throw Xapian::Error like any read of `db`.
std::optional<Xapian::Document> document_with(const Xapian::Database& db, const std::string& term);

}  // namespace dateline
