#include "server/match_total.h"

#include <algorithm>

#include "index/format.h"

namespace dateline {

MatchTotal::MatchTotal(const Xapian::Database& db, const Schema& schema, bool collapse,
                       Xapian::doccount check)
    : check_(check) {
  if (collapse && schema.story && db.size() > 1) slot_ = collapse_slot(*schema.story);
}

void MatchTotal::watch(Xapian::Enquire& enquire) {
  if (slot_ == Xapian::BAD_VALUENO) return;
  spy_ = std::make_unique<Xapian::ValueCountMatchSpy>(slot_);
  enquire.add_matchspy(spy_.get());
}

MatchTotal::Count MatchTotal::count(const Xapian::MSet& mset) const {
  const Xapian::doccount check = check_;
  if (spy_ == nullptr) {
    // Xapian checks at least `check` candidates, so a match that saw fewer saw them all. Under
    // collapse it leaves the bounds apart even then, and its uncollapsed lower bound is the
    // number it saw.
    const bool all = mset.get_uncollapsed_matches_lower_bound() < check ||
                     mset.get_uncollapsed_matches_upper_bound() < check;
    return {mset.get_matches_lower_bound(),
            all || mset.get_matches_lower_bound() == mset.get_matches_upper_bound()};
  }
  // Articles alone have no collapse value: the spy counts them in its total only.
  const Xapian::doccount seen = spy_->get_total();
  Xapian::doccount stories = 0;
  Xapian::doccount in_stories = 0;
  for (auto it = spy_->values_begin(); it != spy_->values_end(); ++it) {
    ++stories;
    in_stories += it.get_termfreq();
  }
  const Xapian::doccount counted = stories + (seen - in_stories);
  if (seen <= check) return {counted, true};
  return {std::max(counted, mset.get_matches_lower_bound()), false};
}

}  // namespace dateline
