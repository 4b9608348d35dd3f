#include "server/search_service.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

#include <xapian.h>

#include "core/error.h"
#include "index/database.h"
#include "index/format.h"
#include "index/shard_set.h"
#include "index/term_stats.h"
#include "query/query_reader.h"
#include "query/synonyms.h"
#include "query/visibility.h"
#include "schema/schema.h"
#include "server/curation_store.h"
#include "server/facets.h"
#include "server/highlighter.h"
#include "server/hits.h"
#include "server/match_total.h"
#include "server/pinned_page.h"
#include "server/ranking.h"
#include "server/recency.h"
#include "server/related.h"
#include "server/stored_hit.h"
#include "server/suggest.h"
#include "server/takedown_filter.h"

namespace dateline {
namespace {

using json = nlohmann::ordered_json;

RecencyOptions recency_options(const ServiceOptions& o) {
  return {o.balanced_share, o.balanced_half_life_days, o.strong_share, o.strong_half_life_days};
}

// The articles with these ids, by their id terms.
Xapian::Query id_terms(const Schema& schema, const std::vector<std::string>& ids) {
  std::vector<std::string> terms;
  for (const std::string& id : ids) terms.push_back(schema.id_prefix() + id);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

void add_hidden(QueryPlan& plan, const Xapian::Query& more) {
  plan.hidden = plan.hidden.empty() ? more : Xapian::Query(Xapian::Query::OP_OR, plan.hidden, more);
}

}  // namespace

// The coordinator: the query reader reads the request (query/query_reader.h), the match runs
// here with its fallbacks, then hits (server/hits.h) and facets (server/facets.h) are made from
// it. Related articles and suggestions are units of their own.
struct SearchService::Impl {
  std::string path;
  ServiceOptions options;
  ShardSet index;
  const Xapian::Database& db;  // index.database(): the same object for the service's life
  Schema schema;
  QueryReader reader;
  RecencyBoost recency;
  HitMaker hits;
  Xapian::valueno published_slot = Xapian::BAD_VALUENO;
  Xapian::valueno updated_slot = Xapian::BAD_VALUENO;
  std::map<std::string, FacetSlot> facet_slots;  // by facet name
  SynonymFile synonyms;
  TakedownFilter takedowns;
  std::string curations_text;  // the stored rules as last read (kCurationsMetadataKey)
  std::vector<CurationRule> curations;

  Impl(const std::string& db_path, ServiceOptions opts)
      : path(db_path),
        options(opts),
        index(path),
        db(index.database()),
        schema(stored_schema(db, path)),
        reader(schema, db,
               QueryLimits{opts.short_query_words, opts.max_wildcard_expansion,
                           opts.max_wildcard_terms}),
        recency(schema, recency_options(opts)),
        hits(index, schema, recency),
        facet_slots(dateline::facet_slots(schema)),
        synonyms(opts.synonyms_path, opts.synonyms_check_interval),
        takedowns(opts.newsroom_store, schema) {
    if (const FieldSpec* published = schema.find("published_at"); published && published->date) {
      published_slot = published->date->slot;
    }
    if (const FieldSpec* updated = schema.find("updated_at"); updated && updated->date) {
      updated_slot = updated->date->slot;
    }
  }

  // How the hits of a page are marked: the request's tags, and as many fragments per hit as the
  // page's fragment budget allows (at least 1; fewer than asked adds "fragments" to
  // `truncated`). No tags asked for: stand-ins mark (the highlighter needs marks to count, and
  // Xapian escapes text only when it inserts tags), to be taken out of each hit.
  HighlightOptions highlight_for(const SearchRequest& request, bool any_hits,
                                 std::vector<std::string>& truncated) const {
    HighlightOptions highlight;
    highlight.body_bytes = options.body_snippet_bytes;
    highlight.pre = request.highlight_pre;
    highlight.post = request.highlight_post;
    if (request.highlight_pre.empty() && request.highlight_post.empty()) {
      highlight.pre = kStandInPre;
      highlight.post = kStandInPost;
    }
    highlight.fragments = request.fragments;
    if (auto page_fragments = static_cast<unsigned>(request.per_page * request.fragments);
        page_fragments > options.max_page_fragments && any_hits) {
      highlight.fragments = std::max(1, static_cast<int>(options.max_page_fragments /
                                                         static_cast<unsigned>(request.per_page)));
      if (highlight.fragments < request.fragments) truncated.push_back("fragments");
    }
    return highlight;
  }

  // The stored rules, parsed again only when their text changed. Stored rules that do not parse
  // (written by a newer version, say) are logged and read as none: a search never fails on them.
  const std::vector<CurationRule>& current_curations() {
    std::string text = db.get_metadata(kCurationsMetadataKey);
    if (text == curations_text) return curations;
    curations_text = std::move(text);
    try {
      curations = read_stored_curations(curations_text);
    } catch (const Error& e) {
      std::fprintf(stderr, "event=curations_unreadable error=\"%s\"\n", e.what());
      curations.clear();
    }
    return curations;
  }

  // The rule's pins that the request may see: the id terms through the request's filters and
  // hidden articles (plan.combined() with the text replaced), so a pinned article that is
  // filtered out, embargoed, expired or absent is simply not pinned. In position order.
  struct Pins {
    std::vector<int> positions;
    std::vector<std::string> ids;
    Xapian::MSet mset;
  };
  Pins visible_pins(const CurationRule& rule, const QueryPlan& plan) {
    Pins pins;
    std::vector<std::string> ids;
    for (const CurationPin& pin : rule.pins) ids.push_back(pin.id);
    QueryPlan lookup = plan;
    lookup.main = TextQuery{};
    lookup.main.query = id_terms(schema, ids);
    lookup.recency = Xapian::Query();
    Xapian::Enquire enquire(db);
    enquire.set_query(lookup.combined());
    Xapian::MSet found = enquire.get_mset(0, static_cast<Xapian::doccount>(ids.size()));
    std::vector<std::string> seen;
    for (auto it = found.begin(); it != found.end(); ++it) {
      seen.push_back(read_stored_hit(it.get_document().get_data()).id);
    }
    for (const CurationPin& pin : rule.pins) {
      if (std::find(seen.begin(), seen.end(), pin.id) == seen.end()) continue;
      pins.positions.push_back(pin.position);
      pins.ids.push_back(pin.id);
    }
    pins.mset = found;
    return pins;
  }

  // The order of the results. Equal scores, and equal publication times under the date sorts,
  // are ordered by the order slot (index/order_key.h: newest first, then by id; oldest first
  // reverses it), so that a sharded index, whose documents are numbered differently, gives the
  // same order. Indexes without the slot leave ties in document order. sort=updated orders equal
  // update times by relevance.
  void set_order(Xapian::Enquire& enquire, const SearchRequest& request, bool browse) const {
    const Xapian::valueno order = schema.order_slot.value_or(Xapian::BAD_VALUENO);
    if (request.sort == SortOrder::kUpdated && updated_slot != Xapian::BAD_VALUENO) {
      enquire.set_sort_by_value_then_relevance(updated_slot, true);
    } else if ((browse || request.sort != SortOrder::kRelevance) &&
               published_slot != Xapian::BAD_VALUENO) {
      const bool oldest = request.sort == SortOrder::kOldest;
      if (order != Xapian::BAD_VALUENO) {
        enquire.set_sort_by_value_then_relevance(order, oldest);
      } else {
        enquire.set_sort_by_value_then_relevance(published_slot, !oldest);
      }
    } else if (order != Xapian::BAD_VALUENO) {
      enquire.set_sort_by_relevance_then_value(order, false);
    }
  }

  SearchResponse run(const SearchRequest& request) {
    SearchResponse response;
    response.query = request.q;
    response.page = request.page;
    response.per_page = request.per_page;
    response.explain = request.explain;

    QueryPlan plan = reader.read(request, synonyms.table());
    // Taken down is gone, for every key: not even include_embargoed shows it.
    if (const Xapian::Query& gone = takedowns.hidden(db, index.generation()); !gone.empty()) {
      plan.hidden =
          plan.hidden.empty() ? gone : Xapian::Query(Xapian::Query::OP_OR, plan.hidden, gone);
    }
    if (plan.wildcards_truncated) response.truncated.push_back("wildcards");
    // An editor's pick (server/curations.h): its hidden ids are left out like embargoed
    // articles; its visible pins are left out of the ranking and placed at their ranks below.
    // Pins order results by relevance only: a reader who sorts by date gets the dates.
    const CurationRule* rule =
        request.q.empty() ? nullptr : find_curation(current_curations(), request.q, request.now);
    Pins pins;
    if (rule != nullptr) {
      response.curation_rule = rule->id;
      response.curation_hidden = rule->hide;
      if (!rule->pins.empty() && request.sort == SortOrder::kRelevance) {
        pins = visible_pins(*rule, plan);
      }
      if (!rule->hide.empty()) add_hidden(plan, id_terms(schema, rule->hide));
      if (!pins.ids.empty()) add_hidden(plan, id_terms(schema, pins.ids));
    }
    response.matching = plan.matching;
    response.corrected_query = plan.corrected;

    Xapian::Enquire enquire(db);
    enquire.set_weighting_scheme(ranking_weight());
    const bool collapsed = request.collapse && schema.story.has_value();
    if (collapsed) enquire.set_collapse_key(collapse_slot(*schema.story));
    set_order(enquire, request, plan.matching == Matching::kBrowse);
    plan.ranked = request.sort == SortOrder::kRelevance && plan.matching != Matching::kBrowse;
    auto page_offset = static_cast<std::size_t>((request.page - 1) * request.per_page);
    auto page_count = static_cast<std::size_t>(request.per_page);
    PinLayout layout = layout_pins(pins.positions, page_offset, page_count, std::nullopt);
    auto offset = static_cast<Xapian::doccount>(layout.organic_offset);
    auto count = static_cast<Xapian::doccount>(layout.organic_count);
    Xapian::doccount check = options.check_at_least;
    if (!request.facets.empty()) check = std::max(check, options.facet_sample);

    FacetCounter facets(db, facet_slots, options.facet_sample,
                        schema.story_facets_slot.value_or(Xapian::BAD_VALUENO));
    MatchTotal total(db, schema, collapsed, check);
    auto match = [&]() {
      plan.recency = Xapian::Query();
      recency.add(db, plan, request, enquire);
      facets.watch(enquire, request, collapsed);
      total.watch(enquire);
      enquire.set_query(plan.combined());
      return enquire.get_mset(offset, count, total.check_at_least());
    };
    Xapian::MSet mset = match();

    // Nothing matched every word, or a long query has a word no article has: a sure spelling
    // correction (every corrected word one edit away) is searched first, read as the typed
    // words were; it changes only words the index has never seen, so it can only find more. Any
    // word only after that, of the sure correction when there is one. A correction of two edits
    // a word is a guess ("zählen" -> "erzählen"): searched only when nothing else finds anything.
    const std::string& correction = response.corrected_query;
    bool sure = request.correct && !correction.empty() && plan.corrected_edits <= 1;
    bool nothing = mset.get_matches_upper_bound() == 0;
    auto search_correction = [&](Xapian::Query::op op, const Xapian::Stopper* stopper) {
      TextQuery before = plan.main;
      plan.main = reader.read_text(plan, correction, op, stopper);
      Xapian::MSet corrected = match();
      if (corrected.get_matches_upper_bound() == 0) {
        plan.main = std::move(before);
        return false;
      }
      mset = std::move(corrected);
      response.auto_corrected = true;
      nothing = false;
      return true;
    };
    if (sure && (nothing || plan.matching == Matching::kAny)) {
      search_correction(plan.main.op, plan.main.stopper);
    }
    if (nothing && plan.matching == Matching::kAll && plan.words > 1) {
      response.matching = Matching::kAny;
      response.relaxed = true;
      if (!sure || !search_correction(Xapian::Query::OP_OR, nullptr)) {
        plan.main = reader.read_text(plan, plan.text, Xapian::Query::OP_OR, nullptr);
        mset = match();
        nothing = mset.get_matches_upper_bound() == 0;
      }
    }
    if (nothing && request.correct && !correction.empty() && !sure) {
      search_correction(plan.main.op, plan.main.stopper);
    }

    if (!pins.ids.empty() && mset.get_matches_lower_bound() == mset.get_matches_upper_bound()) {
      // Few ranked hits: pins past their end move up (layout_pins), which may move the page.
      PinLayout exact =
          layout_pins(pins.positions, page_offset, page_count, mset.get_matches_lower_bound());
      if (exact.organic_offset != layout.organic_offset ||
          exact.organic_count != layout.organic_count) {
        offset = static_cast<Xapian::doccount>(exact.organic_offset);
        count = static_cast<Xapian::doccount>(exact.organic_count);
        mset = match();
      }
      layout = std::move(exact);
    }

    const MatchTotal::Count counted = total.count(mset);
    response.total = counted.value + pins.ids.size();
    response.total_exact = counted.exact;
    plan.all_checked = counted.exact;
    if (request.explain) {
      // A wildcard expands over every word of the index, an embargoed article's too: while one
      // may be waiting, the expansion is not shown to a reader (the hits never include it).
      bool withheld = plan.hidden_at && request.q.find('*') != std::string::npos &&
                      Visibility::of(schema).embargo_pending(db, *plan.hidden_at);
      response.parsed_query = withheld ? "(withheld: a wildcard's expansion while an embargo is "
                                         "pending; ask with include_embargoed)"
                                       : plan.combined().get_description();
    }
    HighlightOptions highlight = highlight_for(request, !mset.empty(), response.truncated);
    response.hits = hits.marked(mset, plan, reader, highlight);
    if (!pins.ids.empty()) {
      std::vector<SearchHit> found = hits.marked(pins.mset, plan, reader, highlight);
      std::vector<SearchHit> pinned;
      for (const std::string& id : pins.ids) {
        auto it = std::find_if(found.begin(), found.end(),
                               [&](const SearchHit& hit) { return hit.id == id; });
        if (it != found.end()) pinned.push_back(std::move(*it));
      }
      for (const auto& slot : layout.slots) {
        if (slot) response.curation_pinned.push_back(pins.ids[*slot]);
      }
      response.hits = merge_pinned(layout, std::move(response.hits), std::move(pinned));
    }
    if (request.highlight_pre.empty() && request.highlight_post.empty()) {
      for (SearchHit& hit : response.hits) {
        strip_stand_in_tags(hit.title_html);
        for (std::string& fragment : hit.body_fragments) strip_stand_in_tags(fragment);
      }
    }
    response.facets = facets.count(request, plan, mset);
    return response;
  }

  // Runs `f` against a fresh view of the index; a concurrent commit that invalidates the view
  // mid-read is retried after reopen(). Over shards, a shard that fails is left out and `f` runs
  // again on the others (index/shard_set.h); with none left, or with options.require_all_shards
  // and any missing, the index is unavailable.
  // `probe`: ask every shard (reopen each), as a health check must, rather than trusting the
  // spelling database's revision (ShardSet::refresh).
  template <class F>
  auto with_fresh_db(F&& f, bool probe = false) {
    constexpr int kAttempts = 3;
    int modified = 0;
    std::size_t recovered = 0;
    bool reopened = false;
    for (;;) {
      try {
        index.refresh(probe || modified > 0);
        check_shards();
        const std::string view = index.generation();
        reader.set_view(view);
        recency.set_view(view);
        return f();
      } catch (const Xapian::DatabaseModifiedError&) {
        if (++modified == kAttempts) {
          throw Error(ErrorKind::kUnavailable, "index changed too fast to read; try again");
        }
      } catch (const Xapian::DatabaseClosedError& e) {
        recover_or_throw(e, recovered);
      } catch (const Xapian::DatabaseError& e) {
        // A replica's full copy moved the index to a new directory under the open handle
        // ("Failed to open glass revision file"): open it again from its path, once.
        if (reopened || !index.reopen_from_paths()) {
          throw Error(ErrorKind::kUnavailable, "cannot read index: " + e.get_msg());
        }
        reopened = true;
      } catch (const Xapian::NetworkError& e) {
        recover_or_throw(e, recovered);
      }
    }
  }

  // A shard failed mid-read: leave it out (or reconnect it) and read again. Each shard is blamed
  // at most twice a request (a closed connection is reopened once first).
  void recover_or_throw(const Xapian::Error& e, std::size_t& recovered) {
    if (recovered++ > 2 * index.shard_count() || !index.recover(e)) {
      throw Error(ErrorKind::kUnavailable, "cannot reach the index: " + e.get_msg());
    }
  }

  void check_shards() const {
    if (!index.sharded()) return;
    std::size_t failed = index.failed();
    if (failed == index.shard_count()) {
      throw Error(ErrorKind::kUnavailable, "no shard of the index can be reached");
    }
    if (failed > 0 && options.require_all_shards) {
      throw Error(ErrorKind::kUnavailable, std::to_string(failed) + " of " +
                                               std::to_string(index.shard_count()) +
                                               " shards cannot be reached");
    }
  }

  void count_shards(SearchResponse& response) const {
    response.shards_total = index.shard_count();
    response.shards_failed = index.failed();
  }
};

SearchService::SearchService(const std::string& db_path, ServiceOptions options)
    : impl_(std::make_unique<Impl>(db_path, options)) {}

SearchService::~SearchService() = default;

SearchResponse SearchService::search(const SearchRequest& request) {
  auto start = std::chrono::steady_clock::now();
  SearchResponse response = impl_->with_fresh_db([&] {
    SearchResponse r = impl_->run(request);
    impl_->count_shards(r);
    return r;
  });
  response.took_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return response;
}

SearchResponse SearchService::related(const std::string& id, int per_page, std::int64_t now) {
  if (id.empty() || id.size() > kMaxIdBytes) {
    throw Error(ErrorKind::kNotFound, "no article with id '" + id + "'");
  }
  auto start = std::chrono::steady_clock::now();
  SearchResponse response = impl_->with_fresh_db([&] {
    HighlightOptions plain;
    plain.body_bytes = impl_->options.body_snippet_bytes;
    if (impl_->takedowns.taken_down(id)) {
      throw Error(ErrorKind::kNotFound, "no article with id '" + id + "'");
    }
    SearchResponse r =
        related_articles(impl_->db, impl_->schema, id, per_page, now,
                         impl_->takedowns.hidden(impl_->db, impl_->index.generation()),
                         impl_->recency, impl_->hits, plain);
    impl_->count_shards(r);
    return r;
  });
  response.took_ms =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return response;
}

std::vector<Suggestion> SearchService::suggest(const std::string& prefix, int limit) {
  return impl_->with_fresh_db([&] {
    return suggest_completions(impl_->db, impl_->schema, prefix, limit,
                               impl_->options.suggest_scan_limit);
  });
}

json SearchService::get_article(const std::string& id, std::int64_t now, bool include_hidden) {
  auto unknown = [&id] { return Error(ErrorKind::kNotFound, "no article with id '" + id + "'"); };
  if (id.empty() || id.size() > kMaxIdBytes) throw unknown();
  return impl_->with_fresh_db([&] {
    std::optional<Xapian::Document> found =
        document_with(impl_->db, impl_->schema.id_prefix() + id);
    if (!found || impl_->takedowns.taken_down(id)) throw unknown();
    const Xapian::Document& doc = *found;
    // An embargoed or expired article is answered as an unknown one: a 404 that says nothing
    // of it, so its id cannot be probed.
    if (!include_hidden && !Visibility::of(impl_->schema).visible(doc, now)) throw unknown();
    return json::parse(doc.get_data());
  });
}

std::vector<CurationRule> SearchService::curations() {
  return impl_->with_fresh_db([&] { return impl_->current_curations(); });
}

IndexStats SearchService::stats() {
  return impl_->with_fresh_db(
      [&] {
        IndexStats s;
        s.documents = impl_->db.get_doccount();
        s.revision = impl_->index.revision();
        s.average_length = impl_->db.get_avlength();
        std::string last = impl_->db.get_metadata(kLastCommitMetadataKey);
        s.last_commit = last.empty() ? 0 : std::stoll(last);
        s.schema = schema_to_json(impl_->schema);
        s.shards = impl_->index.health();
        return s;
      },
      /*probe=*/true);
}

}  // namespace dateline
