// Recency: a weight-only boost for fresh articles, added to a ranked match's query.
#pragma once

#include <xapian.h>

#include "index/view_cache.h"
#include "query/query_reader.h"
#include "query/request.h"
#include "schema/schema.h"

namespace dateline {

struct RecencyOptions {
  // The boost added to a fresh article, as a share of the best text score, and the age at which
  // it has halved, for the balanced and the strong mode.
  double balanced_share = 0.25;
  double balanced_half_life_days = 30;
  double strong_share = 0.6;
  double strong_half_life_days = 7;
};

class RecencyBoost {
 public:
  // Reads published_at's day slot and day prefix from `schema`; without a day slot no boost is
  // ever added.
  RecencyBoost(const Schema& schema, const RecencyOptions& options);

  // Sets plan.recency (with recency_scale and recency_by_day) for `request`, when it asks for a
  // boost, is ranked by relevance and has text. Runs `enquire` on plan.combined() for the best
  // score. The boost is a built-in posting source (it runs on remote shards too): the day slot
  // maps to exp(-ln 2 * age / half-life), scaled to a share of that score. `plan.recency` must be
  // empty. May throw Xapian::DatabaseModifiedError like any read of `db`.
  void add(const Xapian::Database& db, QueryPlan& plan, const SearchRequest& request,
           Xapian::Enquire& enquire) const;

  // The view of the database the next add() sees (ShardSet::generation()): the day slot's
  // bounds, a round trip to each remote shard, are read once per view. Never set: read each
  // time.
  void set_view(const std::string& view) { view_ = view; }

  // The part of a hit's score the plan's boost gave `doc` (0 without a boost).
  double score(const QueryPlan& plan, const Xapian::Document& doc) const;

 private:
  RecencyOptions options_;
  Xapian::valueno day_slot_ = Xapian::BAD_VALUENO;
  std::string view_;
  mutable ViewCache<std::pair<std::string, std::string>> day_bounds_;  // lower, upper
};

}  // namespace dateline
