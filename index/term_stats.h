// Term frequencies read the cheap way for the layout: over several databases (remote shards)
// get_termfreq asks each in turn, a round trip apiece, where one statistics pass (a match of
// no results, MSet::get_termfreq) asks every shard at once.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <xapian.h>

namespace dateline {

// The number of documents of `db` with each of `terms` (0 for an absent or empty term, or one
// longer than a term can be). May throw Xapian::Error like any read of `db`.
std::map<std::string, Xapian::doccount> term_frequencies(const Xapian::Database& db,
                                                         const std::vector<std::string>& terms);

}  // namespace dateline
