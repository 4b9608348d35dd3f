// The order of hits with equal scores, kept in a value slot (Schema::order_slot) so that Xapian's
// built-in sorting applies it, on one index and over remote shards alike: a KeyMaker cannot run
// on xapian-tcpsrv. Baked into on-disk indexes: never change the layout.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace dateline {

// The key: 8 bytes, big-endian, that sort newest `published` (unix seconds) first, then `id`.
// Ascending keys put the newest first and equal times in ascending id order; an article without
// a publication time sorts after every dated one. (Not Xapian::sortable_serialise of the negated
// time: Xapian 1.4's encoding of negative numbers does not keep their order when trailing bytes
// are dropped, e.g. -1700000001 after -1700000000.)
std::string order_key(std::optional<std::int64_t> published, const std::string& id);

}  // namespace dateline
