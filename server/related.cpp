#include "server/related.h"

#include <cctype>
#include <vector>

#include "core/error.h"
#include "index/format.h"
#include "index/terms.h"
#include "query/visibility.h"
#include "server/ranking.h"

namespace dateline {
namespace {

// Only unprefixed words describe the content (prefixed and boolean terms do not), and a word no
// other article has cannot find anything.
class TellingWords : public Xapian::ExpandDecider {
 public:
  explicit TellingWords(const Xapian::Database& db) : db_(db) {}
  bool operator()(const std::string& term) const override {
    return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z') &&
           !std::isdigit(static_cast<unsigned char>(term[0])) && db_.get_termfreq(term) > 1;
  }

 private:
  const Xapian::Database& db_;
};

}  // namespace

SearchResponse related_articles(const Xapian::Database& db, const Schema& schema,
                                const std::string& id, int per_page, std::int64_t now,
                                const Xapian::Query& taken_down, const RecencyBoost& recency,
                                const HitMaker& hits, const HighlightOptions& highlight) {
  std::string id_term = schema.id_prefix() + id;
  Xapian::PostingIterator posting = db.postlist_begin(id_term);
  Visibility visibility = Visibility::of(schema);
  if (posting == db.postlist_end(id_term) || !visibility.visible(db.get_document(*posting), now)) {
    throw Error(ErrorKind::kNotFound, "no article with id '" + id + "'");
  }
  Xapian::RSet rset;
  rset.add_document(*posting);
  Xapian::Query exclude(id_term);
  if (schema.story) {
    std::string cluster = db.get_document(*posting).get_value(schema.story->cluster_slot);
    if (!cluster.empty()) {
      exclude = Xapian::Query(Xapian::Query::OP_OR, exclude,
                              Xapian::Query(schema.story->cluster_prefix + cluster));
    }
  }
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(ranking_weight());
  TellingWords telling(db);
  Xapian::ESet eset = enquire.get_eset(20, rset, &telling);
  std::vector<Xapian::Query> terms;
  for (auto it = eset.begin(); it != eset.end(); ++it) terms.emplace_back(*it);
  SearchRequest request;
  request.per_page = per_page;
  SearchResponse response;
  response.per_page = per_page;
  response.matching = Matching::kRelated;
  if (terms.empty()) return response;
  QueryPlan plan;
  plan.stem = stemmer_for(schema.default_language);
  plan.main.query =
      Xapian::Query(Xapian::Query::OP_AND_NOT,
                    Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()), exclude);
  plan.hidden_at = now;
  plan.hidden = visibility.hidden_at(now);
  if (!taken_down.empty()) {
    plan.hidden = plan.hidden.empty()
                      ? taken_down
                      : Xapian::Query(Xapian::Query::OP_OR, plan.hidden, taken_down);
  }
  recency.add(db, plan, request, enquire);
  if (schema.story) enquire.set_collapse_key(collapse_slot(*schema.story));
  enquire.set_query(plan.combined());
  Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(per_page));
  response.total = mset.get_matches_lower_bound();
  response.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
  response.hits = hits.plain(mset, plan, highlight);
  return response;
}

}  // namespace dateline
