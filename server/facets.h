// Facet counts from Xapian's built-in ValueCountMatchSpy (which also runs on remote shards).
// Facets are disjunctive: a facet whose own filter is set counts without that filter, so the
// other values still show. They count what the total counts: stories when results are
// collapsed and the index has the story-facets slot (index/story_facets.h), a story counting for
// a value when any of its matching articles has it; else articles.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <xapian.h>

#include "query/query_reader.h"
#include "query/request.h"
#include "schema/schema.h"
#include "server/facet_tally.h"
#include "server/search_request.h"

namespace dateline {

struct FacetSlot {
  Xapian::valueno slot = 0;
  bool multi = false;  // the slot holds several values joined by kMultiValueSeparator
};

// Whether facets counted by spies that saw `seen` articles of the match `mset` are exact: the
// spies saw every candidate when they saw fewer than `sample` (the match checked at least that
// many) or as many as the match has, before collapse. Else the counts are scaled by the match's
// estimated articles over `seen` (in stories as in articles: the share of the match the sample
// saw) and marked approximate.
FacetScope facet_scope(Xapian::doccount seen, Xapian::doccount sample, const Xapian::MSet& mset);

// The facets a schema can count, by facet name: each API filter name whose field has a value slot
// (query/request.h), and "month" when published_at has a month slot.
std::map<std::string, FacetSlot> facet_slots(const Schema& schema);

// Counts the facets of one request. Not thread-safe; one per request.
class FacetCounter {
 public:
  // `db` and `slots` must outlive the counter; `sample`: facets are exact up to this many
  // matches (the main match must check at least that many); `story_facets_slot`: the index's
  // story-facets slot, or Xapian::BAD_VALUENO when it has none (then facets count articles).
  FacetCounter(const Xapian::Database& db, const std::map<std::string, FacetSlot>& slots,
               Xapian::doccount sample, Xapian::valueno story_facets_slot);

  // Replaces the spies on `enquire` with the ones counting the facets of `request` whose own
  // filter is not set on the main match: one on the story-facets slot when `request` collapses
  // stories and the index has it, else one per facet. `collapsed`: the main match collapses
  // stories. Call before each run of the main match.
  //
  // Over several databases an uncollapsed match adds no spies: Xapian 1.4's matcher, sorting by
  // a value without collapse, also spies on each remote hit it drops as sorting below the page,
  // which its shard has counted already. count() counts those facets in a match of their own.
  void watch(Xapian::Enquire& enquire, const SearchRequest& request, bool collapsed);

  // The facets of `request` after the main match `main` of `plan`: from the spies, or from a
  // count without the facet's own filter. May throw Xapian::DatabaseModifiedError.
  std::vector<Facet> count(const SearchRequest& request, const QueryPlan& plan,
                           const Xapian::MSet& main) const;

 private:
  // A spy on the slot the request's facets count: the story-facets slot or the facet's own.
  std::unique_ptr<Xapian::ValueCountMatchSpy> spy_for(const FacetSlot& slot) const;
  // Adds what `spy` (from spy_for) counted of the facet in `slot` to `tally`.
  void tally(FacetTally& tally, const Xapian::ValueCountMatchSpy& spy, const FacetSlot& slot) const;

  const Xapian::Database& db_;
  const std::map<std::string, FacetSlot>& slots_;
  Xapian::doccount sample_;
  Xapian::valueno story_facets_slot_;
  bool stories_ = false;    // this request's facets count stories
  bool own_match_ = false;  // the facets the main match would count are counted apart
  std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies_;
  std::map<std::string, Xapian::ValueCountMatchSpy*> spy_by_name_;
};

}  // namespace dateline
