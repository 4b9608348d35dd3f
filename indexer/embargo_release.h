// The release of embargoed articles: an article indexed under embargo is searchable from the
// instant its embargo lifts (a query-time condition, query/visibility.h), but its spelling words
// and title pairs were held back (kHeldBackTerm, indexer/document_builder.h) so that did-you-mean
// and autocomplete could not show them early. Releasing adds them.
//
// Every commit of an IndexWriter releases what is due (CLI jobs and admin writes), and
// `dateline release --db DIR` does it on its own, for cron. The largest delay between an embargo
// lifting and its words reaching suggestions is the time to the next of those.
#pragma once

#include <cstdint>

#include <xapian.h>

#include "indexer/document_builder.h"
#include "schema/schema.h"

namespace dateline {

// Rebuilds each held-back article of `db` whose embargo has lifted at `now` with `builder`
// (whose spelling goes into `db`), keeping its story values and terms, without kHeldBackTerm.
// Returns how many were released; the caller commits. Articles still under embargo are left.
std::size_t release_embargoed(Xapian::WritableDatabase& db, const Schema& schema,
                              DocumentBuilder& builder, std::int64_t now);

}  // namespace dateline
