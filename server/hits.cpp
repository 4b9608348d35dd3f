#include "server/hits.h"

#include <algorithm>

#include "query/visibility.h"
#include "server/ranking.h"
#include "server/stored_hit.h"

namespace dateline {

HitMaker::HitMaker(const ShardSet& index, const Schema& schema, const RecencyBoost& recency)
    : index_(index), db_(index.database()), schema_(schema), recency_(recency) {
  const FieldSpec* source = api_field(schema, "source");
  if (source != nullptr && source->value) source_slot_ = source->value->slot;
  const FieldSpec* lang = api_field(schema, "lang");
  if (lang != nullptr && lang->value) language_slot_ = lang->value->slot;
}

std::vector<Xapian::Document> HitMaker::documents_of(const Xapian::MSet& mset,
                                                     const Stories& stories) const {
  std::vector<Xapian::docid> dids;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    auto story = stories.find(it.get_collapse_key());
    const bool other = story != stories.end() && story->second.stands_for != 0;
    dids.push_back(other ? story->second.stands_for : *it);
  }
  return index_.documents(dids);
}

std::vector<SearchHit> HitMaker::marked(const Xapian::MSet& mset, const QueryPlan& plan,
                                        const QueryReader& reader,
                                        const HighlightOptions& highlight) const {
  const Stories stories = stories_of(mset, plan);
  const std::vector<Xapian::Document> docs = documents_of(mset, stories);
  Marks marks = marks_for(mset, plan, reader);
  std::vector<SearchHit> hits;
  std::size_t i = 0;
  for (auto it = mset.begin(); it != mset.end(); ++it, ++i) {
    hits.push_back(make_hit(&marks, it, docs[i], highlight, plan, stories));
  }
  return hits;
}

std::vector<SearchHit> HitMaker::plain(const Xapian::MSet& mset, const QueryPlan& plan,
                                       const HighlightOptions& highlight) const {
  const Stories stories = stories_of(mset, plan);
  const std::vector<Xapian::Document> docs = documents_of(mset, stories);
  std::vector<SearchHit> hits;
  std::size_t i = 0;
  for (auto it = mset.begin(); it != mset.end(); ++it, ++i) {
    hits.push_back(make_hit(nullptr, it, docs[i], highlight, plan, stories));
  }
  return hits;
}

HitMaker::Marks HitMaker::marks_for(const Xapian::MSet& mset, const QueryPlan& plan,
                                    const QueryReader& reader) const {
  Marks marks;
  marks.strict = mset;
  if (mset.empty()) {
    marks.snippet_stem = snippet_stemmer(plan.stem, {plan.combined()});
    return marks;
  }
  // MSet::snippet weighs each word by the match's bound on its weight. Under BM25 with k1 > 0
  // that bound comes from each database's length bounds, so a sharded index would choose other
  // fragments than one index; with k1 = 0 it is the word's idf alone, from the collection's
  // statistics, which the shards share.
  auto statistics = [&](const std::vector<Xapian::Query>& queries) {
    Xapian::Enquire enquire(db_);
    enquire.set_weighting_scheme(Xapian::BM25Weight(0, 0, 1, 0, 0.5));
    enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, queries.begin(), queries.end()));
    return enquire.get_mset(0, 0);
  };
  HighlightQueries readings = reader.highlight_queries(plan);
  if (readings.strict.empty()) {
    marks.strict = statistics({plan.combined()});
    marks.snippet_stem = snippet_stemmer(plan.stem, {plan.combined()});
    return marks;
  }
  marks.strict = statistics(readings.strict);
  if (!readings.loose.empty()) marks.loose = statistics(readings.loose);
  marks.snippet_stem = snippet_stemmer(plan.stem, readings.own);
  return marks;
}

HitMaker::Stories HitMaker::stories_of(const Xapian::MSet& mset, const QueryPlan& plan) const {
  if (!has_story_members(schema_)) return {};
  // A match without collapse leaves every collapse key empty. On one database that saw every
  // candidate, a hit with nothing collapsed into it is its story's only match: nothing to count
  // or pick.
  const bool counted = db_.size() == 1 && plan.all_checked;
  std::vector<std::string> keys;
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    if (it.get_collapse_key().empty() || (counted && it.get_collapse_count() == 0)) continue;
    keys.push_back(it.get_collapse_key());
  }
  if (keys.empty()) return {};
  return count_story_members(db_, schema_, keys, plan.combined(), ranking_weight(), plan.hidden,
                             plan.ranked);
}

SearchHit HitMaker::make_hit(const Marks* marks, const Xapian::MSetIterator& it,
                             const Xapian::Document& doc, const HighlightOptions& highlight,
                             const QueryPlan& plan, const Stories& stories) const {
  StoredHit stored = read_stored_hit(doc.get_data());
  SearchHit hit;
  hit.id = std::move(stored.id);
  hit.url = std::move(stored.url);
  hit.title = std::move(stored.title);
  hit.source = std::move(stored.source);
  hit.section = std::move(stored.section);
  hit.authors = std::move(stored.authors);
  hit.published_at = std::move(stored.published_at);
  hit.updated_at = std::move(stored.updated_at);
  hit.correction = std::move(stored.correction);
  hit.score = it.get_weight();
  hit.recency_score = recency_.score(plan, doc);
  if (schema_.story) {
    hit.story = doc.get_value(schema_.story->cluster_slot);
    add_other_sources(hit, it, plan, stories);
  }
  const std::string& summary = stored.summary;
  const std::string& body = stored.body;
  // Marked with the stemmer the query was read with (a lang filter's), as its stems are; a hit
  // in another language the query was read in, with that language's.
  Marker marker{marks ? &marks->strict : nullptr, plan.stem,
                marks ? marks->snippet_stem : plan.stem};
  if (plan.languages.size() > 1 && language_slot_ != Xapian::BAD_VALUENO) {
    const std::string code = doc.get_value(language_slot_);
    for (std::size_t i = 1; i < plan.languages.size(); ++i) {
      if (plan.languages[i].code == code)
        marker.stem = marker.snippet_stem = plan.languages[i].stem;
    }
  }
  hit.title_html = highlight_title(marker, hit.title, highlight);
  hit.body_fragments = highlight_body(marker, summary, body, highlight);
  if (marks && marks->loose) {
    auto marked = [&](const std::string& html) {
      return html.find(highlight.pre) != std::string::npos;
    };
    marker.marks = &*marks->loose;
    if (!marked(hit.title_html)) hit.title_html = highlight_title(marker, hit.title, highlight);
    if (std::none_of(hit.body_fragments.begin(), hit.body_fragments.end(), marked))
      hit.body_fragments = highlight_body(marker, summary, body, highlight);
  }
  return hit;
}

void HitMaker::add_other_sources(SearchHit& hit, const Xapian::MSetIterator& it,
                                 const QueryPlan& plan, const Stories& stories) const {
  constexpr std::size_t kMaxNames = 10;
  if (has_story_members(schema_)) {
    auto found = stories.find(it.get_collapse_key());
    if (found == stories.end() || found->second.matching < 2) return;
    hit.more_sources = found->second.matching - 1;
    for (const std::string& name : found->second.sources) {
      if (hit.other_sources.size() == kMaxNames) break;
      if (name != hit.source) hit.other_sources.push_back(name);
    }
    return;
  }
  if (it.get_collapse_count() == 0) return;
  hit.more_sources =
      it.get_collapse_count();  // the match counted only articles the plan lets through
  if (source_slot_ == Xapian::BAD_VALUENO) return;
  std::string term = schema_.story->cluster_prefix + hit.story;
  Visibility visibility = Visibility::of(schema_);
  for (auto member = db_.postlist_begin(term);
       member != db_.postlist_end(term) && hit.other_sources.size() < kMaxNames; ++member) {
    Xapian::Document doc = db_.get_document(*member);
    if (plan.hidden_at && !visibility.visible(doc, *plan.hidden_at)) continue;
    std::string name = doc.get_value(source_slot_);
    if (name.empty() || name == hit.source) continue;
    if (std::find(hit.other_sources.begin(), hit.other_sources.end(), name) ==
        hit.other_sources.end()) {
      hit.other_sources.push_back(name);
    }
  }
}

}  // namespace dateline
