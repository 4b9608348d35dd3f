#include "server/related.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <vector>

#include "core/error.h"
#include "index/format.h"
#include "index/term_stats.h"
#include "index/terms.h"
#include "query/visibility.h"
#include "server/match_total.h"
#include "server/ranking.h"

namespace dateline {
namespace {

constexpr std::size_t kTellingWords = 20;
constexpr Xapian::doccount kRelatedCheckAtLeast = 1000;

// Only unprefixed words describe the content (prefixed and boolean terms do not).
bool content_word(const std::string& term) {
  return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z') &&
         !std::isdigit(static_cast<unsigned char>(term[0]));
}

}  // namespace

// Xapian's query expansion from one relevant document, computed here so that it costs the same
// few messages over remote shards as on one index: get_eset would ask each shard for each
// word's frequency in turn (MultiDatabase::get_termfreq), where one statistics pass
// (MSet::get_termfreq) brings them all. The weight is TradEWeight's with k = 1, rsize = 1.
std::vector<std::string> telling_words(const Xapian::Database& db, const Xapian::Document& doc) {
  struct Word {
    std::string term;
    Xapian::termcount wdf;
  };
  std::vector<Word> words;  // in term order, as get_eset walks them
  Xapian::termcount doclen = 0;
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    doclen += t.get_wdf();
    // Boolean terms may have wdf 0: get_eset counts them as 1.
    if (content_word(*t)) words.push_back({*t, std::max<Xapian::termcount>(t.get_wdf(), 1)});
  }
  if (words.empty()) return {};
  std::vector<Xapian::Query> all;
  for (const Word& w : words) all.emplace_back(w.term);
  Xapian::Enquire stats(db);
  stats.set_query(Xapian::Query(Xapian::Query::OP_OR, all.begin(), all.end()));
  Xapian::MSet counts = stats.get_mset(0, 0);
  const Xapian::doccount dbsize = db.get_doccount();
  const double avlen = db.get_avlength();
  const double expand_k = 1.0;
  const Xapian::doccount rtermfreq = 1;
  const double reldocs_without_term = 0;  // rsize - rtermfreq
  // Kept as get_eset keeps them (ESet::Internal::expand): a heap of the best, whose order on
  // equal weights decides which of them stay; the expressions are TradEWeight's, in its types,
  // so that the weights are the same to the last bit.
  struct Item {
    double wt;
    std::string term;
    bool operator<(const Item& o) const {
      if (wt > o.wt) return true;
      if (wt < o.wt) return false;
      return term > o.term;
    }
  };
  std::vector<Item> items;
  bool is_heap = false;
  double min_wt = 0;
  for (Word& w : words) {
    Xapian::doccount termfreq = counts.get_termfreq(w.term);
    if (termfreq <= 1) continue;  // no other article has it
    double multiplier = (expand_k + 1) * w.wdf / (expand_k * doclen / avlen + w.wdf);
    double num = (rtermfreq + 0.5) * (dbsize - termfreq - reldocs_without_term + 0.5);
    double denom = (termfreq - rtermfreq + 0.5) * (reldocs_without_term + 0.5);
    double wt = multiplier * std::log(num / denom);
    if (wt <= min_wt) continue;
    items.push_back({wt, std::move(w.term)});
    if (items.size() > kTellingWords) {
      if (!is_heap) {
        is_heap = true;
        std::make_heap(items.begin(), items.end());
      } else {
        std::push_heap(items.begin(), items.end());
      }
      std::pop_heap(items.begin(), items.end());
      items.pop_back();
      min_wt = items.front().wt;
    }
  }
  if (is_heap) {
    std::sort_heap(items.begin(), items.end());
  } else {
    std::sort(items.begin(), items.end());
  }
  std::vector<std::string> out;
  for (Item& item : items) out.push_back(std::move(item.term));
  return out;
}

SearchResponse related_articles(const Xapian::Database& db, const Schema& schema,
                                const std::string& id, int per_page, std::int64_t now,
                                const Xapian::Query& taken_down, const RecencyBoost& recency,
                                const HitMaker& hits, const HighlightOptions& highlight) {
  std::string id_term = schema.id_prefix() + id;
  std::optional<Xapian::Document> found = document_with(db, id_term);
  if (!found) throw Error(ErrorKind::kNotFound, "no article with id '" + id + "'");
  const Xapian::Document& article = *found;
  Visibility visibility = Visibility::of(schema);
  if (!visibility.visible(article, now)) {
    throw Error(ErrorKind::kNotFound, "no article with id '" + id + "'");
  }
  Xapian::Query exclude(id_term);
  if (schema.story) {
    std::string cluster = article.get_value(schema.story->cluster_slot);
    if (!cluster.empty()) {
      exclude = Xapian::Query(Xapian::Query::OP_OR, exclude,
                              Xapian::Query(schema.story->cluster_prefix + cluster));
    }
  }
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(ranking_weight());
  std::vector<Xapian::Query> terms;
  for (const std::string& word : telling_words(db, article)) terms.emplace_back(word);
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
  // Equal scores in the order slot's order (index/order_key.h), as a search orders them: the
  // documents of a sharded index are numbered differently.
  if (schema.order_slot) enquire.set_sort_by_relevance_then_value(*schema.order_slot, false);
  enquire.set_query(plan.combined());
  // Counted exactly up to kRelatedCheckAtLeast, as a search counts: an estimate would depend on
  // where the articles are (one index or shards).
  MatchTotal total(db, schema, schema.story.has_value(), kRelatedCheckAtLeast);
  total.watch(enquire);
  Xapian::MSet mset =
      enquire.get_mset(0, static_cast<Xapian::doccount>(per_page), total.check_at_least());
  const MatchTotal::Count counted = total.count(mset);
  response.total = counted.value;
  response.total_exact = counted.exact;
  plan.all_checked = counted.exact;
  response.hits = hits.plain(mset, plan, highlight);
  return response;
}

}  // namespace dateline
