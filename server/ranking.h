// The weighting every ranked match of the server uses.
#pragma once

#include <xapian.h>

namespace dateline {

// BM25 with k1 = 1.2 and b = 0.9 (Xapian's defaults are k1 = 1, b = 0.5), with the schema's
// title weight 3: chosen on SciFact's train queries, a development set kept apart from the test
// sets bench/run reports (TIME, Cranfield, SciFact test; docs/BENCHMARKS.md, relevance). Built
// in, so it also runs on remote shards.
inline Xapian::BM25Weight ranking_weight() { return Xapian::BM25Weight(1.2, 0, 1, 0.9, 0.5); }

}  // namespace dateline
