#include "server/recency.h"

#include <algorithm>
#include <cmath>

#include "core/clock.h"
#include "schema/dates.h"

namespace dateline {

RecencyBoost::RecencyBoost(const Schema& schema, const RecencyOptions& options)
    : options_(options) {
  if (const FieldSpec* published = schema.find("published_at"); published && published->date) {
    if (published->date->day_slot) day_slot_ = *published->date->day_slot;
  }
}

// When no article is dated inside the horizon (the day slot's bounds lie outside it: an archive
// searched years later) there is nothing to boost, and neither the scale's extra match nor the
// source's value lookups are paid: at 1,000,000 articles they cost more than half the query's time.
void RecencyBoost::add(const Xapian::Database& db, QueryPlan& plan, const SearchRequest& r,
                       Xapian::Enquire& enquire) const {
  if (r.recency == Recency::kOff || r.sort != SortOrder::kRelevance || plan.main.query.empty() ||
      day_slot_ == Xapian::BAD_VALUENO) {
    return;
  }
  bool strong = r.recency == Recency::kStrong;
  double share = strong ? options_.strong_share : options_.balanced_share;
  double half_life = r.half_life_days.value_or(strong ? options_.strong_half_life_days
                                                      : options_.balanced_half_life_days);
  std::int64_t now = unix_now();
  // Days until the boost is under 0.2% of its peak, at most ten years.
  int horizon = static_cast<int>(std::min(3650.0, std::ceil(half_life * 9)));
  auto day_at = [&](int age) {  // -1: a day ahead, for clock skew
    return format_yyyymmdd(now - static_cast<std::int64_t>(age) * 86400);
  };
  // Could any article be dated inside the horizon? The day slot's bounds say (one message to
  // each remote shard, where reading the day terms would bring back all of them).
  const auto& [oldest, newest] = day_bounds_.get(view_, [&] {
    return std::pair(db.get_value_lower_bound(day_slot_), db.get_value_upper_bound(day_slot_));
  });
  if (newest.empty() || newest < day_at(horizon) || oldest > day_at(-1)) {
    return;
  }
  enquire.set_query(plan.combined());
  Xapian::MSet top = enquire.get_mset(0, 1);
  if (top.empty()) return;
  plan.recency_scale = share * top.begin().get_weight();
  auto* source = new Xapian::ValueMapPostingSource(day_slot_);
  for (int age = -1; age <= horizon; ++age) {
    std::string day = day_at(age);
    double boost = std::exp(-std::log(2.0) * std::max(0, age) / half_life);
    source->add_mapping(day, boost);
    plan.recency_by_day[day] = boost;
  }
  source->set_default_weight(0.0);
  plan.recency = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(source->release()),
                               plan.recency_scale);
}

double RecencyBoost::score(const QueryPlan& plan, const Xapian::Document& doc) const {
  if (plan.recency.empty()) return 0;
  auto boost = plan.recency_by_day.find(doc.get_value(day_slot_));
  return boost == plan.recency_by_day.end() ? 0 : boost->second * plan.recency_scale;
}

}  // namespace dateline
