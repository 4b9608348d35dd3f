// Filters, facets, sorting, recency, spelling, suggestions and related articles, through the
// real search service on the tests/data/mini.jsonl fixture.
#include <chrono>

#include <boost/test/unit_test.hpp>

#include "core/error.h"
#include "schema/dates.h"
#include "server/search_service.h"
#include "tests/test_support.h"

using namespace dateline;

namespace {

struct Fixture {
  test::TempDir dir;
  std::string db = dir.str("db");
  std::unique_ptr<SearchService> service;

  Fixture() {
    test::index_jsonl(db, test::read_file(test::data_path("mini.jsonl")));
    service = std::make_unique<SearchService>(db);
  }

  SearchResponse search(SearchRequest r) { return service->search(r); }

  SearchResponse search(const std::string& q,
                        std::map<std::string, std::vector<std::string>> filters = {}) {
    SearchRequest r;
    r.q = q;
    r.filters = std::move(filters);
    r.per_page = 100;
    return service->search(r);
  }

  static std::vector<std::string> ids(const SearchResponse& r, bool sorted = false) {
    std::vector<std::string> out;
    for (const auto& h : r.hits) out.push_back(h.id);
    if (sorted) std::sort(out.begin(), out.end());
    return out;
  }

  static std::map<std::string, std::size_t> counts(const SearchResponse& r,
                                                   const std::string& facet) {
    std::map<std::string, std::size_t> out;
    for (const Facet& f : r.facets) {
      if (f.name != facet) continue;
      for (const FacetValue& v : f.values) out[v.value] = v.count;
    }
    return out;
  }
};

using Ids = std::vector<std::string>;

std::int64_t now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(search_features, Fixture)

BOOST_AUTO_TEST_CASE(filters_or_within_a_field_and_across_fields) {
  BOOST_TEST(ids(search("", {{"source", {"The Harbor Ledger"}}}), true) == (Ids{"m1", "m3"}),
             boost::test_tools::per_element());
  BOOST_TEST(
      ids(search("", {{"source", {"metro-wire", "TechBeat"}}}), true) == (Ids{"a/b c", "m4", "m6"}),
      boost::test_tools::per_element());
  BOOST_TEST(ids(search("", {{"author", {"Ana Ruiz"}}, {"tag", {"rates"}}})) == Ids{"m3"},
             boost::test_tools::per_element());
  BOOST_TEST(ids(search("hafen", {{"lang", {"de"}}})) == Ids{"m5"},
             boost::test_tools::per_element());
  BOOST_TEST(search("rate", {{"section", {"Sport"}}}).hits.empty());
}

BOOST_AUTO_TEST_CASE(reads_the_query_in_every_language_the_index_holds) {
  // German stems: "baggerarbeiten" -> "baggerarbeit", as m5 is indexed; English leaves the word.
  SearchRequest r;
  r.q = "baggerarbeiten";
  r.highlight_pre = "<b>";
  r.highlight_post = "</b>";
  SearchResponse german = search(r);
  BOOST_TEST_REQUIRE(ids(german) == Ids{"m5"}, boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(!german.hits[0].body_fragments.empty());
  BOOST_TEST(german.hits[0].body_fragments[0].find("<b>Baggerarbeiten</b>") != std::string::npos,
             german.hits[0].body_fragments[0]);
  BOOST_TEST(german.corrected_query.empty());
  r.q = "hafenbehörde genehmigt";  // German stems in the title, marked there
  SearchResponse title = search(r);
  BOOST_TEST_REQUIRE(ids(title) == Ids{"m5"}, boost::test_tools::per_element());
  BOOST_TEST(title.hits[0].title_html == "<b>Hafenbehörde</b> <b>genehmigt</b> Ausbau");
  // An English query matches and ranks the English articles as before: the German reading only
  // reaches German articles.
  for (const std::string q : {"harbour authority", "interest rate bank", "the channel"}) {
    BOOST_TEST(ids(search(q)) == ids(search(q, {{"lang", {"en"}}})),
               boost::test_tools::per_element());
  }
}

BOOST_AUTO_TEST_CASE(date_ranges_from_parameters_and_the_query_box) {
  SearchRequest r;
  r.per_page = 100;
  r.from = *parse_timestamp("2025-01-01");
  BOOST_TEST(ids(search(r), true) == (Ids{"m1", "m3", "m4", "m5"}),
             boost::test_tools::per_element());
  r.to = *parse_timestamp("2025-03-20T23:59:59Z");
  BOOST_TEST(ids(search(r)) == Ids{"m3"}, boost::test_tools::per_element());
  BOOST_TEST(ids(search("published:2025-03-01..2025-03-31"), true) == (Ids{"m3", "m4"}),
             boost::test_tools::per_element());
  BOOST_TEST(ids(search("rate published:2025-03-21..2025-12-31")) == Ids{"m4"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(sorts_by_date) {
  SearchRequest r;
  r.q = "pellham";
  r.sort = SortOrder::kNewest;
  BOOST_TEST(ids(search(r)) == (Ids{"m5", "m1", "m2"}), boost::test_tools::per_element());
  r.sort = SortOrder::kOldest;
  BOOST_TEST(ids(search(r)) == (Ids{"m2", "m1", "m5"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(facets_count_every_value_of_multi_valued_fields) {
  SearchRequest r;
  r.facets = {"source", "author", "tag", "lang", "month"};
  SearchResponse all = search(r);
  auto sources = counts(all, "source");
  BOOST_TEST(sources["The Harbor Ledger"] == 2u);
  BOOST_TEST(sources["Coastal Courier"] == 2u);
  BOOST_TEST(sources["Metro Wire"] == 2u);
  BOOST_TEST(sources["TechBeat"] == 1u);
  auto authors = counts(all, "author");
  BOOST_TEST(authors["Ana Ruiz"] == 2u);
  BOOST_TEST(authors["Li Wen"] == 2u);
  BOOST_TEST(counts(all, "tag")["pellham"] == 2u);
  BOOST_TEST(counts(all, "lang")["en"] == 7u);
  BOOST_TEST(counts(all, "month")["2025-03"] == 2u);
  for (const Facet& f : all.facets) BOOST_TEST(!f.approximate);
}

BOOST_AUTO_TEST_CASE(a_facet_count_is_the_total_its_filter_gives) {
  SearchRequest r;
  r.q = "pellham OR rate OR water";
  r.facets = {"source", "author", "tag"};
  SearchResponse all = search(r);
  for (const Facet& f : all.facets) {
    for (const FacetValue& v : f.values) {
      SearchRequest filtered = r;
      filtered.filters[f.name] = {v.value};
      BOOST_TEST(search(filtered).total == v.count, f.name << "=" << v.value);
    }
  }
}

BOOST_AUTO_TEST_CASE(facets_are_disjunctive_for_the_selected_field) {
  SearchRequest r;
  r.facets = {"source", "tag"};
  r.filters["source"] = {"The Harbor Ledger"};
  SearchResponse res = search(r);
  BOOST_TEST(res.total == 2u);
  BOOST_TEST(counts(res, "source")["Coastal Courier"] == 2u);  // other sources still counted
  auto tags = counts(res, "tag");
  BOOST_TEST(tags.size() == 4u);  // ports, pellham, economy, rates: only the two hits' tags
  BOOST_TEST(tags.count("fishing") == 0u);
}

BOOST_AUTO_TEST_CASE(recency_lifts_fresh_articles_but_not_over_much_better_ones) {
  std::int64_t t = now();
  std::string fresh = format_rfc3339(t - 3600), old = format_rfc3339(t - 400 * 86400);
  test::index_jsonl(
      db,
      R"({"id":"old","title":"Glacier survey","body":"The glacier survey team measured the ice.","published_at":")" +
          old + R"("}
{"id":"new","title":"Glacier survey","body":"The glacier survey team measured the ice.","published_at":")" +
          fresh + R"("}
{"id":"old-best","title":"Zircon glacier zircon","body":"Zircon zircon zircon in the glacier.","published_at":")" +
          old + R"("}
{"id":"new-weak","title":"Weather notes","body":"A passing mention of zircon.","published_at":")" +
          fresh + R"("})");
  SearchRequest r;
  r.q = "glacier survey";
  r.recency = Recency::kOff;
  SearchResponse off = search(r);
  BOOST_TEST_REQUIRE(off.hits.size() == 2u);
  BOOST_TEST(off.hits[0].score == off.hits[1].score);
  r.recency = Recency::kBalanced;
  BOOST_TEST(ids(search(r))[0] == "new");
  r.q = "zircon";
  SearchResponse balanced = search(r);
  BOOST_TEST(ids(balanced) == (Ids{"old-best", "new-weak"}), boost::test_tools::per_element());
  BOOST_TEST(balanced.hits[1].recency_score > 0);
  BOOST_TEST(balanced.hits[0].recency_score == 0);
}

// An archive with nothing inside the recency horizon is ranked as with recency off (the server
// skips the boost's work there); a half-life long enough to reach its articles boosts them.
BOOST_AUTO_TEST_CASE(recency_needs_articles_inside_its_horizon) {
  test::TempDir archive;
  std::int64_t t = now();
  std::string year_ago = format_rfc3339(t - 365 * 86400), older = format_rfc3339(t - 800 * 86400);
  test::index_jsonl(archive.str("db"),
                    R"({"id":"a","title":"Moraine map","body":"A moraine.","published_at":")" +
                        year_ago + R"("}
{"id":"b","title":"Moraine map","body":"A moraine.","published_at":")" +
                        older + R"("})");
  SearchService archive_service(archive.str("db"));
  SearchRequest r;
  r.q = "moraine";
  r.recency = Recency::kOff;
  SearchResponse off = archive_service.search(r);
  r.recency = Recency::kBalanced;  // half-life 30 days: nothing within 270 days
  SearchResponse balanced = archive_service.search(r);
  BOOST_TEST_REQUIRE(balanced.hits.size() == 2u);
  for (std::size_t i = 0; i < 2; ++i) {
    BOOST_TEST(balanced.hits[i].score == off.hits[i].score);
    BOOST_TEST(balanced.hits[i].recency_score == 0);
  }
  r.half_life_days = 100;  // reaches 900 days back (800 old): the year-old article is boosted more
  SearchResponse long_memory = archive_service.search(r);
  BOOST_TEST_REQUIRE(ids(long_memory) == (Ids{"a", "b"}), boost::test_tools::per_element());
  BOOST_TEST(long_memory.hits[0].recency_score > long_memory.hits[1].recency_score);
  BOOST_TEST(long_memory.hits[1].recency_score > 0);
}

BOOST_AUTO_TEST_CASE(suggests_corrections_and_uses_them_when_nothing_matches) {
  SearchResponse r = search("harbuor");
  BOOST_TEST(r.corrected_query == "harbour");
  BOOST_TEST(r.auto_corrected);
  BOOST_TEST(!r.hits.empty());
  // Two misspelt words: the typed words match nothing even one at a time; the correction is
  // then matched as typed words would be, every word required.
  SearchResponse two = search("harbuor authorty");
  BOOST_TEST(two.corrected_query == "harbour authority");
  BOOST_TEST(two.auto_corrected);
  BOOST_TEST(matching_name(two.matching) == std::string("all"));
  BOOST_TEST(!two.relaxed);
  BOOST_TEST(ids(two, true) == (Ids{"m1", "m2"}), boost::test_tools::per_element());
  SearchResponse fine = search("harbour");
  BOOST_TEST(fine.corrected_query.empty());
  BOOST_TEST(!fine.auto_corrected);
}

BOOST_AUTO_TEST_CASE(corrects_before_relaxing) {
  // "harbour" alone matches m1 and m2, so relaxing to any word would find them; the correction
  // comes first, with every word.
  SearchResponse r = search("harbour authorty approves");
  BOOST_TEST(r.corrected_query == "harbour authority approves");
  BOOST_TEST(r.auto_corrected);
  BOOST_TEST(!r.relaxed);
  BOOST_TEST(matching_name(r.matching) == std::string("all"));
  BOOST_TEST(ids(r) == (Ids{"m1"}), boost::test_tools::per_element());
  // The correction matches nothing with every word either: any word of the correction.
  SearchResponse any = search("harbour authorty rally");
  BOOST_TEST(any.corrected_query == "harbour authority rally");
  BOOST_TEST(any.relaxed);
  BOOST_TEST(any.auto_corrected);
  BOOST_TEST(ids(any, true) == (Ids{"m1", "m2", "m4"}), boost::test_tools::per_element());
  // correct=false: "search instead for" what was typed; the correction is still offered.
  SearchRequest typed;
  typed.q = "harbour authorty approves";
  typed.correct = false;
  SearchResponse as_typed = search(typed);
  BOOST_TEST(as_typed.corrected_query == "harbour authority approves");
  BOOST_TEST(!as_typed.auto_corrected);
  BOOST_TEST(as_typed.relaxed);
  typed.q = "harbuor";
  BOOST_TEST(search(typed).hits.empty());
  // A correction of two edits in one word is a guess: offered, and the typed words relaxed.
  SearchResponse guess = search("harbour atuhorty");
  BOOST_TEST(guess.corrected_query == "harbour authority");
  BOOST_TEST(!guess.auto_corrected);
  BOOST_TEST(guess.relaxed);
  BOOST_TEST(ids(guess, true) == (Ids{"m1", "m2"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(long_queries_search_the_correction_of_unknown_words) {
  // Any word: "rationng" matches nothing, so only the other words would count.
  SearchResponse r = search("when did the water rationng start in dunmore");
  BOOST_TEST(r.corrected_query == "when did the water rationing start in dunmore");
  BOOST_TEST(r.auto_corrected);
  BOOST_TEST(matching_name(r.matching) == std::string("any"));
  BOOST_TEST_REQUIRE(!r.hits.empty());
  BOOST_TEST(r.hits[0].id == "m7");
  // Two edits in one word: shown, not searched in the typed query's place.
  SearchResponse unsure = search("when did the water ratonng start in dunmore");
  BOOST_TEST(unsure.corrected_query == "when did the water rationing start in dunmore");
  BOOST_TEST(!unsure.auto_corrected);
}

BOOST_AUTO_TEST_CASE(short_words_are_corrected_by_one_edit_only) {
  BOOST_TEST(search("bamk").corrected_query == "bank");
  // Two substitutions from "rate" in a four-letter word: too far to be sure.
  BOOST_TEST(search("rwtw").corrected_query.empty());
  BOOST_TEST(search("intrest").corrected_query == "interest");
  BOOST_TEST(search("intrst").corrected_query == "interest");  // two edits in a long word
}

BOOST_AUTO_TEST_CASE(autocompletes_title_words_and_pairs) {
  auto texts = [](const std::vector<Suggestion>& s) {
    std::vector<std::string> out;
    for (const auto& x : s) out.push_back(x.text);
    return out;
  };
  BOOST_TEST(texts(service->suggest("harb", 8)) == Ids{"harbour"},
             boost::test_tools::per_element());
  BOOST_TEST(texts(service->suggest("Harbour auth", 8)) == Ids{"harbour authority"},
             boost::test_tools::per_element());
  BOOST_TEST(texts(service->suggest("why central bank h", 8)) == Ids{"why central bank holds"},
             boost::test_tools::per_element());
  BOOST_TEST(service->suggest("zzzz", 8).empty());
  BOOST_TEST(service->suggest("", 8).empty());
  auto rate = service->suggest("rat", 8);
  BOOST_TEST_REQUIRE(!rate.empty());
  BOOST_TEST(rate[0].text == "rate");
  // One word is completed from titles and summaries as written ("stemming": "all" indexes title
  // words as stems): two titles and one summary say "rate".
  BOOST_TEST(rate[0].count == 3u);
}

BOOST_AUTO_TEST_CASE(related_articles_exclude_the_article_itself) {
  SearchResponse r = service->related("m1", 5);
  BOOST_TEST_REQUIRE(!r.hits.empty());
  for (const auto& h : r.hits) BOOST_TEST(h.id != "m1");
  BOOST_TEST(r.hits[0].id == "m2");  // the other Pellham dredging story
  BOOST_CHECK_THROW(service->related("nope", 5), Error);
}

BOOST_AUTO_TEST_CASE(several_fragments_and_custom_highlight_tags) {
  SearchRequest r;
  r.q = "rationing";
  r.fragments = 3;
  r.highlight_pre = "<b>";
  r.highlight_post = "</b>";
  SearchResponse res = search(r);
  BOOST_TEST_REQUIRE(res.hits.size() == 1u);
  const auto& fragments = res.hits[0].body_fragments;
  BOOST_TEST_REQUIRE(fragments.size() == 2u);
  BOOST_TEST(fragments[0].find("<b>rationing</b>") != std::string::npos, fragments[0]);
  BOOST_TEST(fragments[1].find("<b>rationed</b>") != std::string::npos, fragments[1]);
  BOOST_TEST(res.hits[0].title_html == "Water <b>rationing</b> begins in Dunmore");
}

BOOST_AUTO_TEST_CASE(plain_words_weigh_more_in_the_typed_order) {
  SearchRequest r;
  r.explain = true;
  r.per_page = 100;
  r.q = "rate outlook remained";  // m4's body has the three words in this order
  SearchResponse in_order = search(r);
  BOOST_TEST(in_order.parsed_query.find("PHRASE 3") != std::string::npos, in_order.parsed_query);
  r.q = "remained rate outlook";
  SearchResponse shuffled = search(r);
  BOOST_TEST_REQUIRE(in_order.hits.size() == shuffled.hits.size());
  BOOST_TEST(in_order.hits[0].id == "m4");
  BOOST_TEST(in_order.hits[0].score > shuffled.hits[0].score);  // the same matches, boosted
  // Query syntax is read as written, with no boost.
  for (const std::string q : {"title:rate outlook", "rate -outlook", "rate OR outlook", "rate"}) {
    r.q = q;
    BOOST_TEST(search(r).parsed_query.find("PHRASE") == std::string::npos, q);
  }
}

BOOST_AUTO_TEST_CASE(explain_gives_the_parsed_query) {
  SearchRequest r;
  r.q = "title:harbour";
  r.explain = true;
  SearchResponse res = search(r);
  BOOST_TEST(res.parsed_query.find("Sharbour") != std::string::npos, res.parsed_query);
}

BOOST_AUTO_TEST_SUITE_END()
