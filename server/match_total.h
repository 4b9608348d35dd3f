// The total of a match: how many results (stories, under story collapse) it has, and whether
// that count is exact or a lower bound.
//
// Xapian counts a collapsed match's stories exactly on one database when it checked every
// candidate, but over several (remote shards) it counts only the hits each one sent back to be
// merged. There the stories are counted by a ValueCountMatchSpy on the collapse slot, which
// sees every candidate each shard checks. Either way the count is exact when fewer candidates
// matched than the match checks at least (check_at_least), so one index and its shards agree.
#pragma once

#include <memory>

#include <xapian.h>

#include "schema/schema.h"

namespace dateline {

class MatchTotal {
 public:
  // `collapse`: the match collapses stories; `check`: it counts exactly up to this many
  // results. `db` must be the database matched.
  MatchTotal(const Xapian::Database& db, const Schema& schema, bool collapse,
             Xapian::doccount check);

  // The check_at_least to match with: `check`, or one more when spying, so that a spy that saw
  // no more than `check` candidates saw them all (a shard that stopped early saw more alone).
  Xapian::doccount check_at_least() const {
    return slot_ == Xapian::BAD_VALUENO ? check_ : check_ + 1;
  }

  // Call before each get_mset, after anything that clears the enquire's spies; a new match
  // starts a new count.
  void watch(Xapian::Enquire& enquire);

  struct Count {
    Xapian::doccount value = 0;
    bool exact = false;  // false: `value` is a lower bound
  };
  // The total of `mset`, matched with check_at_least().
  Count count(const Xapian::MSet& mset) const;

 private:
  Xapian::doccount check_;
  Xapian::valueno slot_ = Xapian::BAD_VALUENO;  // BAD_VALUENO: Xapian's own count serves
  std::unique_ptr<Xapian::ValueCountMatchSpy> spy_;
};

}  // namespace dateline
