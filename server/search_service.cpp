#include "server/search_service.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstring>
#include <map>
#include <optional>
#include <set>

#include <xapian.h>

#include "core/error.h"
#include "core/text.h"
#include "index/database.h"
#include "index/format.h"
#include "index/terms.h"
#include "indexer/query_config.h"
#include "schema/dates.h"
#include "schema/schema.h"
#include "server/facets.h"
#include "server/highlighter.h"
#include "server/query_case.h"
#include "server/spelling.h"
#include "server/stopwords.h"
#include "server/stored_hit.h"
#include "server/synonyms.h"

namespace dateline {
namespace {

// BM25 with k1 = 1.2 and b = 0.9 (Xapian's defaults are k1 = 1, b = 0.5), with the schema's
// title weight 3: chosen on SciFact's train queries, a development set kept apart from the test
// sets bench/run reports (TIME, Cranfield, SciFact test; docs/BENCHMARKS.md, relevance). Built
// in, so it also runs on remote shards.
Xapian::BM25Weight ranking_weight() { return Xapian::BM25Weight(1.2, 0, 1, 0.9, 0.5); }

using json = nlohmann::ordered_json;

// The schema field behind each API filter/facet name.
const std::map<std::string, std::string>& api_fields() {
  static const std::map<std::string, std::string> kFields = {{"source", "source"},
                                                             {"section", "section"},
                                                             {"author", "authors"},
                                                             {"tag", "tags"},
                                                             {"lang", "language"}};
  return kFields;
}

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

// The parts of a search before Xapian runs it: the text query and each filter, kept apart so
// disjunctive facets can leave one filter out.
struct QueryPlan {
  Xapian::Query text;  // empty query = browse everything
  // What `text` was parsed from, for highlighting (Impl::highlight_marks).
  std::string text_source;
  Xapian::Query::op text_op = Xapian::Query::OP_AND;
  const Xapian::Stopper* text_stopper = nullptr;
  std::map<std::string, Xapian::Query> filters;  // by API name; "date" for from/to
  Xapian::Query recency;                         // weight-only boost; empty when off
  double recency_scale = 0;
  std::map<std::string, double> recency_by_day;  // "YYYYMMDD" -> unscaled boost

  Xapian::Query combined(const std::string& without = "") const {
    // A MatchAll of this thread's own: Xapian::Query::MatchAll is one static object whose
    // reference count is not atomic, and copying it on several threads frees it under them.
    Xapian::Query q = text.empty() ? Xapian::Query(std::string()) : text;
    std::vector<Xapian::Query> parts;
    for (const auto& [name, filter] : filters) {
      if (name != without) parts.push_back(filter);
    }
    if (!parts.empty()) {
      q = Xapian::Query(Xapian::Query::OP_FILTER, q,
                        Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()));
    }
    if (!recency.empty()) q = Xapian::Query(Xapian::Query::OP_AND_MAYBE, q, recency);
    return q;
  }
};

}  // namespace

struct SearchService::Impl {
  std::string path;
  ServiceOptions options;
  Xapian::Database db;
  Schema schema;
  Xapian::Stem stem;
  std::string language;  // the schema's default language
  Xapian::QueryParser parser;
  Xapian::Stem parser_stem;  // the stemmer `parser` has: `stem`, or the one `lang` filter's
  Xapian::valueno published_slot = Xapian::BAD_VALUENO;
  Xapian::valueno day_slot = Xapian::BAD_VALUENO;
  std::string day_prefix;  // boolean "D" + "YYYYMMDD" terms of published_at ("" = none)
  std::map<std::string, FacetSlot> facet_slots;      // by facet name
  std::map<std::string, std::string> filter_prefix;  // by API filter name
  std::set<std::string> text_fields;                 // query names of text fields: title, author
  SynonymFile synonyms{""};

  Impl(const std::string& db_path, ServiceOptions opts)
      : path(db_path), options(opts), synonyms(opts.synonyms_path) {
    db = open_for_reading(path);
    schema = stored_schema(db, path);
    language = schema.default_language;
    stem = stemmer_for(language);
    parser_stem = stem;
    if (const FieldSpec* published = schema.find("published_at"); published && published->date) {
      published_slot = published->date->slot;
      if (published->date->day_slot) day_slot = *published->date->day_slot;
      day_prefix = published->date->day_prefix;
      if (published->date->month_slot) facet_slots["month"] = {*published->date->month_slot, false};
    }
    for (const auto& [api_name, field_name] : api_fields()) {
      const FieldSpec* field = schema.find(field_name);
      if (field == nullptr) continue;
      if (field->filter) filter_prefix[api_name] = field->filter->prefix;
      if (field->value) facet_slots[api_name] = {field->value->slot, field->value->multi};
    }
    for (const auto& [name, prefix] : text_field_prefixes(schema)) text_fields.insert(name);
    configure_parser();
  }

  void configure_parser() {
    configure_query_parser(parser, schema, db);
    parser.set_max_expansion(options.max_wildcard_expansion,
                             Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    if (day_slot != Xapian::BAD_VALUENO) {
      // published:2024-02-24..2024-03-01 (ISO dates) over the "YYYYMMDD" day slot.
      parser.add_rangeprocessor(
          (new Xapian::DateRangeProcessor(day_slot, "published:", Xapian::RP_DATE_PREFER_MDY, 1970))
              ->release());
    }
  }

  // `stopper`: function words to leave out of the query (nullptr: keep every word).
  Xapian::Query parse(const std::string& q, Xapian::Query::op default_op,
                      const Xapian::Stopper* stopper = nullptr) {
    parser.set_default_op(default_op);
    parser.set_stopper(stopper);
    unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                     Xapian::QueryParser::FLAG_PURE_NOT;
    try {
      return parse_with_wildcards(parser, unshout_query(q), flags, schema, db, parser_stem);
    } catch (const Xapian::QueryParserError&) {
      // Not valid query syntax (an unbalanced quote, a dangling operator): search the words.
    }
    try {
      return parser.parse_query(unshout_query(q), 0);
    } catch (const Xapian::QueryParserError&) {
      return Xapian::Query();  // nothing searchable in it
    }
  }

  // Sets plan.text to `q` parsed with `default_op` and remembers how, for highlight_marks.
  void read_text(QueryPlan& plan, const std::string& q, Xapian::Query::op default_op,
                 const Xapian::Stopper* stopper = nullptr) {
    plan.text = parse(q, default_op, stopper);
    plan.text_source = q;
    plan.text_op = default_op;
    plan.text_stopper = stopper;
  }

  // The queries whose words are marked in titles and snippets. Xapian's MSet::snippet marks a
  // word when the query has it as written, as a "Z"-prefixed stem, or inside a phrase as written;
  // an index with "stemming": "all" searches bare stems, which it would not mark. So the query is
  // read again as "some" reads it, as typed and lower-cased ("Rationed" marks "rationing"),
  // the lower-cased reading without field names (the snippet generator ignores prefixed terms,
  // so `title:strike` marks "strike"): `strict`. When it has a phrase, `loose` adds the phrase's
  // content words one by one, for hits that matched the phrase in another form ("holding interest
  // rates" marks "holds interest rate"); it is tried only where `strict` marks nothing, since loose
  // words would outscore the phrase itself when choosing a fragment. Each is a statistics pass,
  // get_mset(0, 0), that matches nothing. `snippet_stem` is parser_stem for MSet::snippet, made
  // from every reading (server/highlighter.h).
  struct Marks {
    Xapian::MSet strict;
    std::optional<Xapian::MSet> loose;
    Xapian::Stem snippet_stem;
  };
  Marks highlight_marks(const Xapian::MSet& mset, const QueryPlan& plan,
                        const Xapian::Stopper* function_words) {
    Marks marks;
    marks.strict = mset;
    if (!schema.stem_all || mset.empty() || plan.text.empty()) {
      marks.snippet_stem = snippet_stemmer(parser_stem, {plan.combined()});
      return marks;
    }
    struct Restore {
      Xapian::QueryParser& parser;
      ~Restore() { parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL); }
    } restore{parser};
    parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    std::string lower = lower_query_words(strip_field_names(plan.text_source, text_fields));
    std::vector<Xapian::Query> readings = {
        plan.text, parse(plan.text_source, plan.text_op, plan.text_stopper)};
    if (lower != plan.text_source)
      readings.push_back(parse(lower, plan.text_op, plan.text_stopper));
    auto statistics = [&] {
      Xapian::Enquire enquire(db);
      enquire.set_weighting_scheme(ranking_weight());
      enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, readings.begin(), readings.end()));
      return enquire.get_mset(0, 0);
    };
    marks.strict = statistics();
    if (lower.find('"') != std::string::npos) {
      std::replace(lower.begin(), lower.end(), '"', ' ');
      readings.push_back(parse(lower, Xapian::Query::OP_OR, function_words));
      marks.loose = statistics();
    }
    marks.snippet_stem = snippet_stemmer(parser_stem, readings);
    return marks;
  }

  Xapian::Query filter_query(const std::string& api_name, const std::vector<std::string>& values) {
    auto prefix = filter_prefix.find(api_name);
    if (prefix == filter_prefix.end()) return Xapian::Query::MatchNothing;
    std::vector<Xapian::Query> terms;
    for (const std::string& value : values) {
      terms.emplace_back(filter_term(prefix->second, value));
    }
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
  }

  Xapian::Query date_query(const SearchRequest& r) {
    auto bound = [](std::int64_t t) { return Xapian::sortable_serialise(static_cast<double>(t)); };
    if (r.from && r.to) {
      return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, published_slot, bound(*r.from),
                           bound(*r.to));
    }
    if (r.from) return Xapian::Query(Xapian::Query::OP_VALUE_GE, published_slot, bound(*r.from));
    return Xapian::Query(Xapian::Query::OP_VALUE_LE, published_slot, bound(*r.to));
  }

  // Recency as a built-in posting source (it runs on remote shards too): the day slot maps to
  // exp(-ln 2 * age / half-life), scaled to a share of the best text score. When no article is
  // dated inside the horizon (no day term there: an archive searched years later) there is
  // nothing to boost, and neither the scale's extra match nor the source's value lookups are
  // paid: at 1,000,000 articles they cost more than half the query's time.
  void add_recency(QueryPlan& plan, const SearchRequest& r, Xapian::Enquire& enquire) {
    if (r.recency == Recency::kOff || r.sort != SortOrder::kRelevance || plan.text.empty() ||
        day_slot == Xapian::BAD_VALUENO) {
      return;
    }
    bool strong = r.recency == Recency::kStrong;
    double share = strong ? options.strong_share : options.balanced_share;
    double half_life = r.half_life_days.value_or(strong ? options.strong_half_life_days
                                                        : options.balanced_half_life_days);
    auto now = std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
    // Days until the boost is under 0.2% of its peak, at most ten years.
    int horizon = static_cast<int>(std::min(3650.0, std::ceil(half_life * 9)));
    auto day_at = [&](int age) {  // -1: a day ahead, for clock skew
      return format_yyyymmdd(now - static_cast<std::int64_t>(age) * 86400);
    };
    if (!day_prefix.empty()) {  // is any article dated inside the horizon?
      Xapian::TermIterator t = db.allterms_begin(day_prefix);
      t.skip_to(day_prefix + day_at(horizon));
      if (t == db.allterms_end(day_prefix) || *t > day_prefix + day_at(-1)) return;
    }
    enquire.set_query(plan.combined());
    Xapian::MSet top = enquire.get_mset(0, 1);
    if (top.empty()) return;
    plan.recency_scale = share * top.begin().get_weight();
    auto* source = new Xapian::ValueMapPostingSource(day_slot);
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

  // The slot stories collapse on: only articles of stories with two or more carry it, so Xapian
  // reads little for each candidate (schema/schema.h). Indexes written before it existed
  // collapse on the cluster id every article carries; the results are the same.
  Xapian::valueno collapse_slot() const {
    return schema.story->collapse_slot.value_or(schema.story->cluster_slot);
  }

  // `marks`: nullptr for plain titles and leads.
  SearchHit make_hit(const Marks* marks, const Xapian::MSetIterator& it,
                     const HighlightOptions& highlight, const QueryPlan& plan) {
    Xapian::Document doc = it.get_document();
    StoredHit stored = read_stored_hit(doc.get_data());
    SearchHit hit;
    hit.id = std::move(stored.id);
    hit.url = std::move(stored.url);
    hit.title = std::move(stored.title);
    hit.source = std::move(stored.source);
    hit.section = std::move(stored.section);
    hit.authors = std::move(stored.authors);
    hit.published_at = std::move(stored.published_at);
    hit.score = it.get_weight();
    if (!plan.recency.empty()) {
      auto boost = plan.recency_by_day.find(doc.get_value(day_slot));
      if (boost != plan.recency_by_day.end())
        hit.recency_score = boost->second * plan.recency_scale;
    }
    if (schema.story) {
      hit.story = doc.get_value(schema.story->cluster_slot);
      if (it.get_collapse_count() > 0) add_other_sources(hit, hit.story, it.get_collapse_count());
    }
    const std::string& summary = stored.summary;
    const std::string& body = stored.body;
    // Marked with the stemmer the query was read with (a lang filter's), as its stems are.
    Marker marker{marks ? &marks->strict : nullptr, parser_stem,
                  marks ? marks->snippet_stem : parser_stem};
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

  // Names the sources of the other articles in the hit's story cluster.
  void add_other_sources(SearchHit& hit, const std::string& cluster, Xapian::doccount collapsed) {
    constexpr std::size_t kMaxNames = 10;
    hit.more_sources = collapsed;
    auto source = facet_slots.find("source");
    if (source == facet_slots.end()) return;
    std::string term = schema.story->cluster_prefix + cluster;
    for (auto it = db.postlist_begin(term);
         it != db.postlist_end(term) && hit.other_sources.size() < kMaxNames; ++it) {
      std::string name = db.get_document(*it).get_value(source->second.slot);
      if (name.empty() || name == hit.source) continue;
      if (std::find(hit.other_sources.begin(), hit.other_sources.end(), name) ==
          hit.other_sources.end()) {
        hit.other_sources.push_back(name);
      }
    }
  }

  std::vector<Facet> count_facets(const SearchRequest& r, const QueryPlan& plan,
                                  Xapian::Enquire& main, const Xapian::MSet& main_mset,
                                  std::map<std::string, Xapian::ValueCountMatchSpy*>& spies) {
    std::vector<Facet> out;
    for (const std::string& name : r.facets) {
      auto slot = facet_slots.find(name);
      if (slot == facet_slots.end()) continue;
      auto spy_it = spies.find(name);
      Xapian::doccount matches = main_mset.get_matches_estimated();
      std::unique_ptr<Xapian::ValueCountMatchSpy> own;
      Xapian::ValueCountMatchSpy* spy = spy_it == spies.end() ? nullptr : spy_it->second;
      if (spy == nullptr) {
        // Disjunctive: this facet's own filter is left out, so the other values still count.
        own = std::make_unique<Xapian::ValueCountMatchSpy>(slot->second.slot);
        Xapian::Enquire enquire(db);
        enquire.set_query(plan.combined(name));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.add_matchspy(own.get());
        Xapian::MSet m = enquire.get_mset(0, 0, options.facet_sample);
        matches = m.get_matches_estimated();
        spy = own.get();
      }
      out.push_back(facet_from_spy(name, *spy, slot->second.multi, matches, r.facet_size));
    }
    (void)main;
    return out;
  }

  SearchResponse run(const SearchRequest& request) {
    SearchResponse response;
    response.query = request.q;
    response.page = request.page;
    response.per_page = request.per_page;
    response.explain = request.explain;

    QueryPlan plan;
    // One language selected: read the query with that language's stemmer.
    auto lang = request.filters.find("lang");
    bool one_language = lang != request.filters.end() && lang->second.size() == 1;
    const Xapian::Stem query_stem =
        one_language ? stemmer_for(to_lower(lang->second.front())) : stem;
    parser.set_stemmer(query_stem);
    parser_stem = query_stem;
    // A long query matches any of its words; its function words would only add noise there.
    const Xapian::Stopper* long_query_stopper =
        stopper_for(one_language ? to_lower(lang->second.front()) : language);
    int words = count_query_words(request.q);
    // The wildcard budget is per query: each wildcard gets an equal share of it.
    unsigned expansion = options.max_wildcard_expansion;
    if (int wildcards = count_wildcards(request.q); wildcards > 0) {
      unsigned share = std::max(1u, options.max_wildcard_terms / static_cast<unsigned>(wildcards));
      if (share < expansion) {
        expansion = share;
        response.truncated.push_back("wildcards");
      }
    }
    parser.set_max_expansion(expansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    bool browse = words == 0 && blank(request.q);
    const std::string text = synonyms.table().expand(request.q);
    // Spelling correction reads the query as typed; an expanded query is not what they typed.
    bool want_spelling = !browse && text == request.q;
    if (browse) {
      response.matching = "browse";
    } else if (words <= options.short_query_words) {
      response.matching = "all";
      read_text(plan, text, Xapian::Query::OP_AND);
    } else {
      response.matching = "any";
      read_text(plan, text, Xapian::Query::OP_OR, long_query_stopper);
    }
    if (want_spelling) {
      // Only words the index has never seen are corrected (server/spelling.h).
      std::string corrected = corrected_query(db, unshout_query(request.q), query_stem);
      if (!corrected.empty() && corrected != request.q) response.corrected_query = corrected;
    }
    for (const auto& [name, values] : request.filters)
      plan.filters[name] = filter_query(name, values);
    if ((request.from || request.to) && published_slot != Xapian::BAD_VALUENO) {
      plan.filters["date"] = date_query(request);
    }

    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(ranking_weight());
    if (request.collapse && schema.story) enquire.set_collapse_key(collapse_slot());
    if (browse || request.sort != SortOrder::kRelevance) {
      if (published_slot != Xapian::BAD_VALUENO) {
        bool newest = request.sort != SortOrder::kOldest;
        enquire.set_sort_by_value_then_relevance(published_slot, newest);
      }
    }
    auto offset = static_cast<Xapian::doccount>((request.page - 1) * request.per_page);
    auto count = static_cast<Xapian::doccount>(request.per_page);
    Xapian::doccount check = options.check_at_least;
    if (!request.facets.empty()) check = std::max(check, options.facet_sample);

    // Facets whose own filter is not set count on the main match.
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spy_store;
    std::map<std::string, Xapian::ValueCountMatchSpy*> spies;
    auto run_main = [&]() {
      add_recency(plan, request, enquire);
      enquire.clear_matchspies();
      spy_store.clear();
      spies.clear();
      for (const std::string& name : request.facets) {
        auto slot = facet_slots.find(name);
        if (slot == facet_slots.end() || request.filters.count(name)) continue;
        spy_store.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot->second.slot));
        spies[name] = spy_store.back().get();
        enquire.add_matchspy(spies[name]);
      }
      enquire.set_query(plan.combined());
      return enquire.get_mset(offset, count, check);
    };
    Xapian::MSet mset = run_main();

    if (response.matching == "all" && words > 1 && mset.get_matches_upper_bound() == 0) {
      response.matching = "any";
      response.relaxed = true;
      read_text(plan, text, Xapian::Query::OP_OR);
      plan.recency = Xapian::Query();
      mset = run_main();
    }
    if (mset.get_matches_upper_bound() == 0 && !response.corrected_query.empty()) {
      bool long_query = words > options.short_query_words;
      read_text(plan, response.corrected_query,
                long_query ? Xapian::Query::OP_OR : Xapian::Query::OP_AND,
                long_query ? long_query_stopper : nullptr);
      plan.recency = Xapian::Query();
      mset = run_main();
      response.auto_corrected = mset.get_matches_upper_bound() > 0;
      if (response.auto_corrected) {  // the hits are the correction's, matched as read
        response.matching = long_query ? "any" : "all";
        response.relaxed = false;
      }
    }

    response.total = mset.get_matches_lower_bound();
    // Under story collapse Xapian leaves the bounds apart even when it has checked every
    // candidate. It checks at least `check` of them, so fewer candidates than that means it saw
    // them all.
    bool all_checked = mset.get_uncollapsed_matches_upper_bound() < check;
    response.total_exact =
        all_checked || mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    if (request.explain) response.parsed_query = plan.combined().get_description();
    HighlightOptions highlight;
    highlight.body_bytes = options.body_snippet_bytes;
    highlight.pre = request.highlight_pre;
    highlight.post = request.highlight_post;
    // No tags asked for: mark with stand-ins (the highlighter needs marks to count, and Xapian
    // escapes text only when it inserts tags), then take them out of each hit.
    const bool untagged = request.highlight_pre.empty() && request.highlight_post.empty();
    if (untagged) {
      highlight.pre = kStandInPre;
      highlight.post = kStandInPost;
    }
    highlight.fragments = request.fragments;
    if (auto page_fragments = static_cast<unsigned>(request.per_page * request.fragments);
        page_fragments > options.max_page_fragments && !mset.empty()) {
      highlight.fragments = std::max(1, static_cast<int>(options.max_page_fragments /
                                                         static_cast<unsigned>(request.per_page)));
      if (highlight.fragments < request.fragments) response.truncated.push_back("fragments");
    }
    Marks marks = highlight_marks(mset, plan, long_query_stopper);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      response.hits.push_back(make_hit(&marks, it, highlight, plan));
      if (untagged) {
        SearchHit& hit = response.hits.back();
        strip_stand_in_tags(hit.title_html);
        for (std::string& fragment : hit.body_fragments) strip_stand_in_tags(fragment);
      }
    }
    response.facets = count_facets(request, plan, enquire, mset, spies);
    return response;
  }

  SearchResponse run_related(const std::string& id, int per_page) {
    std::string id_term = schema.id_prefix() + id;
    Xapian::PostingIterator posting = db.postlist_begin(id_term);
    if (posting == db.postlist_end(id_term)) {
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
    // Only unprefixed words describe the content (prefixed and boolean terms do not), and a word
    // no other article has cannot find anything.
    struct Telling : Xapian::ExpandDecider {
      explicit Telling(const Xapian::Database& database) : db(database) {}
      bool operator()(const std::string& term) const override {
        return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z') &&
               !std::isdigit(static_cast<unsigned char>(term[0])) && db.get_termfreq(term) > 1;
      }
      const Xapian::Database& db;
    } unprefixed(db);
    Xapian::ESet eset = enquire.get_eset(20, rset, &unprefixed);
    std::vector<Xapian::Query> terms;
    for (auto it = eset.begin(); it != eset.end(); ++it) terms.emplace_back(*it);
    SearchRequest request;
    request.per_page = per_page;
    SearchResponse response;
    response.per_page = per_page;
    response.matching = "related";
    if (terms.empty()) return response;
    QueryPlan plan;
    plan.text =
        Xapian::Query(Xapian::Query::OP_AND_NOT,
                      Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()), exclude);
    add_recency(plan, request, enquire);
    if (schema.story) enquire.set_collapse_key(collapse_slot());
    enquire.set_query(plan.combined());
    Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(per_page));
    response.total = mset.get_matches_lower_bound();
    response.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    HighlightOptions highlight;
    highlight.body_bytes = options.body_snippet_bytes;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      SearchHit hit = make_hit(nullptr, it, highlight, plan);  // plain titles and leads
      response.hits.push_back(std::move(hit));
    }
    return response;
  }

  std::vector<Suggestion> run_suggest(const std::string& text, int limit) {
    std::vector<std::string> words = split_words(text);
    if (words.empty()) return {};
    bool ends_in_space = !text.empty() && std::isspace(static_cast<unsigned char>(text.back()));
    // Complete the last word from title words, or the last two from title word pairs.
    std::string prefix, lead;
    const FieldSpec* title = schema.find("title");
    std::string title_prefix = title && title->text ? title->text->prefix : "S";
    if (words.size() == 1 && !ends_in_space) {
      prefix = title_prefix + words[0];
    } else {
      std::size_t n = words.size();
      std::string last = ends_in_space ? "" : words[n - 1];
      std::string before = ends_in_space ? words[n - 1] : words[n - 2];
      prefix = std::string(kTitleBigramPrefix) + before + " " + last;
      for (std::size_t i = 0; i + (ends_in_space ? 1 : 2) < n; ++i) lead += words[i] + " ";
    }
    std::size_t strip = prefix.rfind(kTitleBigramPrefix, 0) == 0 && words.size() + ends_in_space > 1
                            ? std::strlen(kTitleBigramPrefix)
                            : title_prefix.size();
    std::vector<Suggestion> found;
    unsigned scanned = 0;
    if (schema.stem_all && words.size() == 1 && !ends_in_space) {
      // Title terms are stems in such an index ("strik" for "striking"): one word is completed
      // from the spelling table instead, the words of titles and summaries as written.
      auto it = db.spellings_begin();
      for (it.skip_to(words[0]); it != db.spellings_end() && scanned < options.suggest_scan_limit;
           ++it, ++scanned) {
        if ((*it).compare(0, words[0].size(), words[0]) != 0) break;
        found.push_back({*it, it.get_termfreq()});
      }
    } else {
      for (auto it = db.allterms_begin(prefix);
           it != db.allterms_end(prefix) && scanned < options.suggest_scan_limit; ++it, ++scanned) {
        found.push_back({lead + (*it).substr(strip), it.get_termfreq()});
      }
    }
    std::stable_sort(found.begin(), found.end(),
                     [](const Suggestion& a, const Suggestion& b) { return a.count > b.count; });
    if (found.size() > static_cast<std::size_t>(limit))
      found.resize(static_cast<std::size_t>(limit));
    return found;
  }

  // Runs `f` against a fresh view of the index; a concurrent commit that invalidates the view
  // mid-read is retried after reopen().
  template <class F>
  auto with_fresh_db(F&& f) {
    constexpr int kAttempts = 3;
    for (int attempt = 1;; ++attempt) {
      try {
        db.reopen();
        return f();
      } catch (const Xapian::DatabaseModifiedError&) {
        if (attempt == kAttempts) {
          throw Error(ErrorKind::kUnavailable, "index changed too fast to read; try again");
        }
      } catch (const Xapian::DatabaseError& e) {
        throw Error(ErrorKind::kUnavailable, "cannot read index: " + e.get_msg());
      }
    }
  }
};

SearchService::SearchService(const std::string& db_path, ServiceOptions options)
    : impl_(std::make_unique<Impl>(db_path, options)) {}

SearchService::~SearchService() = default;

SearchResponse SearchService::search(const SearchRequest& request) {
  auto start = std::chrono::steady_clock::now();
  SearchResponse response = impl_->with_fresh_db([&] { return impl_->run(request); });
  response.took_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return response;
}

SearchResponse SearchService::related(const std::string& id, int per_page) {
  if (id.empty() || id.size() > kMaxIdBytes) {
    throw Error(ErrorKind::kNotFound, "no article with id '" + id + "'");
  }
  auto start = std::chrono::steady_clock::now();
  SearchResponse response = impl_->with_fresh_db([&] { return impl_->run_related(id, per_page); });
  response.took_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return response;
}

std::vector<Suggestion> SearchService::suggest(const std::string& prefix, int limit) {
  return impl_->with_fresh_db([&] { return impl_->run_suggest(prefix, limit); });
}

json SearchService::get_article(const std::string& id) {
  if (id.empty() || id.size() > kMaxIdBytes) {
    throw Error(ErrorKind::kNotFound, "no article with id '" + id + "'");
  }
  return impl_->with_fresh_db([&] {
    Xapian::PostingIterator it = impl_->db.postlist_begin(impl_->schema.id_prefix() + id);
    if (it == impl_->db.postlist_end(impl_->schema.id_prefix() + id)) {
      throw Error(ErrorKind::kNotFound, "no article with id '" + id + "'");
    }
    return json::parse(impl_->db.get_document(*it).get_data());
  });
}

IndexStats SearchService::stats() {
  return impl_->with_fresh_db([&] {
    IndexStats s;
    s.documents = impl_->db.get_doccount();
    s.revision = impl_->db.get_revision();
    s.average_length = impl_->db.get_avlength();
    std::string last = impl_->db.get_metadata(kLastCommitMetadataKey);
    s.last_commit = last.empty() ? 0 : std::stoll(last);
    s.schema = schema_to_json(impl_->schema);
    return s;
  });
}

}  // namespace dateline
