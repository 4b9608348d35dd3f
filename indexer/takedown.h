// A legal or rights takedown: the tombstone first, then the article and its words out of the
// index. The one implementation behind `dateline takedown` and DELETE /v1/articles/{id} with
// {"takedown": "reason"}.
#pragma once

#include <cstdint>
#include <string>

#include "indexer/index_writer.h"
#include "indexer/newsroom_store.h"

namespace dateline {

struct TakedownOutcome {
  Takedown takedown;     // as stored: the first takedown's date and reason
  bool removed = false;  // the article was in the index and is gone
};

// Longest reason kept; a longer one is refused.
inline constexpr std::size_t kMaxTakedownReasonBytes = 2000;

// Checks `id` and `reason` (whitespace folded; both required, without control characters, an id
// of at most kMaxIdBytes, a reason of at most kMaxTakedownReasonBytes). Throws
// Error(kInvalidArgument) naming the problem; returns the folded reason.
std::string checked_takedown(const std::string& id, const std::string& reason);

// Records the takedown of `id` in `store` (with its audit entry, `who` and `now`), then removes
// the article from `writer`'s index with the spelling words it added, and commits. The tombstone
// is written first, so that no later ingest brings the article back even if the index cannot be
// written now (the error is then thrown after it is recorded).
TakedownOutcome take_down(IndexWriter& writer, NewsroomStore& store, const std::string& id,
                          const std::string& reason, const std::string& who, std::int64_t now);

}  // namespace dateline
