// Facet counts from Xapian's built-in ValueCountMatchSpy (which also runs on remote shards).
// Facets are disjunctive: a facet whose own filter is set counts without that filter, so the
// other values still show.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "query/query_reader.h"
#include "query/request.h"
#include "schema/schema.h"
#include "server/search_request.h"

namespace dateline {

struct FacetSlot {
  Xapian::valueno slot = 0;
  bool multi = false;  // the slot holds several values joined by kMultiValueSeparator
};

// Turns a spy's counts into a facet: multi-valued slots are split so each value counts once per
// article; values that normalise to the same filter term (slugify) are merged under their most
// common spelling; the top `size` by count (then value) are kept. When the spy saw fewer
// documents than `matches`, counts are scaled up and the facet is marked approximate.
Facet facet_from_spy(const std::string& name, const Xapian::ValueCountMatchSpy& spy, bool multi,
                     Xapian::doccount matches, int size);

// The facets a schema can count, by facet name: each API filter name whose field has a value slot
// (query/request.h), and "month" when published_at has a month slot.
std::map<std::string, FacetSlot> facet_slots(const Schema& schema);

// Counts the facets of one request. Not thread-safe; one per request.
class FacetCounter {
 public:
  // `db` and `slots` must outlive the counter; `sample`: facets are exact up to this many
  // matches.
  FacetCounter(const Xapian::Database& db, const std::map<std::string, FacetSlot>& slots,
               Xapian::doccount sample);

  // Replaces the spies on `enquire` with one per facet of `request` whose own filter is not set:
  // those count on the main match. Call before each run of the main match.
  void watch(Xapian::Enquire& enquire, const SearchRequest& request);

  // The facets of `request` after the main match `main` of `plan`: from the spies, or from a
  // count without the facet's own filter. May throw Xapian::DatabaseModifiedError.
  std::vector<Facet> count(const SearchRequest& request, const QueryPlan& plan,
                           const Xapian::MSet& main) const;

 private:
  const Xapian::Database& db_;
  const std::map<std::string, FacetSlot>& slots_;
  Xapian::doccount sample_;
  std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies_;
  std::map<std::string, Xapian::ValueCountMatchSpy*> spy_by_name_;
};

}  // namespace dateline
