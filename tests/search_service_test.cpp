#include "server/search_service.h"

#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include "core/error.h"
#include "index/format.h"
#include "tests/test_support.h"

using namespace dateline;

namespace {

// One index of tests/data/mini.jsonl per test, searched through the real service.
struct MiniIndex {
  test::TempDir dir;
  std::string db = dir.str("db");
  MiniIndex() { test::index_jsonl(db, test::read_file(test::data_path("mini.jsonl"))); }

  SearchResponse search(const std::string& q, int per_page = 10) {
    SearchService service(db);
    SearchRequest request;
    request.q = q;
    request.per_page = per_page;
    return service.search(request);
  }

  static std::vector<std::string> ids(const SearchResponse& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hits) out.push_back(h.id);
    return out;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(search_service, MiniIndex)

BOOST_AUTO_TEST_CASE(short_queries_require_every_word) {
  SearchResponse r = search("harbour expansion");
  BOOST_TEST(matching_name(r.matching) == std::string("all"));
  BOOST_TEST(!r.relaxed);
  BOOST_TEST(ids(r) == std::vector<std::string>{"m1"}, boost::test_tools::per_element());
  BOOST_TEST(r.total == 1u);
  BOOST_TEST(r.total_exact);
}

BOOST_AUTO_TEST_CASE(title_matches_outrank_body_matches) {
  SearchResponse r = search("dredging");
  BOOST_TEST_REQUIRE(r.hits.size() >= 2u);
  BOOST_TEST(r.hits[0].id == "m2");  // "dredging" in the title beats a body mention
}

BOOST_AUTO_TEST_CASE(phrase_queries_respect_word_order) {
  SearchResponse phrase = search("\"harbour authority\"");
  BOOST_TEST(ids(phrase) == std::vector<std::string>{"m1"}, boost::test_tools::per_element());
  SearchResponse words = search("harbour authority");
  BOOST_TEST(words.hits.size() == 2u);  // m2 has both words, in another order
}

BOOST_AUTO_TEST_CASE(stemming_matches_word_forms) {
  SearchResponse r = search("rationed");
  BOOST_TEST(ids(r) == std::vector<std::string>{"m7"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(shouted_queries_are_stemmed_like_typed_ones) {
  // Capitalised words are names to the parser (exact form only); caps lock is not.
  BOOST_TEST(ids(search("WATER RATIONED DUNMORE")) == std::vector<std::string>{"m7"},
             boost::test_tools::per_element());
  BOOST_TEST(ids(search("WATER RATIONED DUNMORE")) == ids(search("water rationed dunmore")),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(no_all_words_match_falls_back_to_any_word) {
  SearchResponse r = search("herring inflation");
  BOOST_TEST(r.relaxed);
  BOOST_TEST(matching_name(r.matching) == std::string("any"));
  BOOST_TEST(r.hits.size() == 2u);
}

BOOST_AUTO_TEST_CASE(long_queries_match_any_word) {
  SearchResponse r = search("what did the central bank decide about the interest rate");
  BOOST_TEST(matching_name(r.matching) == std::string("any"));
  BOOST_TEST(!r.relaxed);
  BOOST_TEST_REQUIRE(!r.hits.empty());
  BOOST_TEST(r.hits[0].id == "m3");
}

BOOST_AUTO_TEST_CASE(long_queries_leave_out_function_words) {
  // Every article has "the", "is" or "about"; only m2 has a content word of the query.
  SearchResponse r = search("what is the story about the herring");
  BOOST_TEST(matching_name(r.matching) == std::string("any"));
  BOOST_TEST(ids(r) == std::vector<std::string>{"m2"}, boost::test_tools::per_element());
  // A quoted phrase keeps its function words, and its word order ("zebra" is in no article).
  SearchResponse phrase = search("\"authority of the harbour\" what was the zebra about");
  BOOST_TEST(matching_name(phrase.matching) == std::string("any"));
  BOOST_TEST(ids(phrase) == std::vector<std::string>{"m2"}, boost::test_tools::per_element());
  // A query of nothing but function words keeps them all (Xapian's query parser does so).
  BOOST_TEST(search("what was it about the").hits.size() >= 5u);
}

BOOST_AUTO_TEST_CASE(short_queries_keep_function_words) {
  // Up to three words every word counts: "at" is required, not dropped (m4 has "rate" only).
  BOOST_TEST(ids(search("rate at")) == std::vector<std::string>{"m3"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(field_prefixes_and_boolean_syntax) {
  std::vector<std::string> in_title = ids(search("title:rate"));
  std::sort(in_title.begin(), in_title.end());
  BOOST_TEST(in_title == (std::vector<std::string>{"m3", "m4"}), boost::test_tools::per_element());
  BOOST_TEST(ids(search("pellham source:\"Coastal Courier\"")) == std::vector<std::string>{"m2"},
             boost::test_tools::per_element());
  BOOST_TEST(ids(search("author:becker water")) == std::vector<std::string>{"m7"},
             boost::test_tools::per_element());
  BOOST_TEST(ids(search("rate NOT shares")) == std::vector<std::string>{"m3"},
             boost::test_tools::per_element());
  BOOST_TEST(search("lang:de").hits.size() == 1u);
}

// With one lang filter the query is stemmed in that language, and so are the snippets: the
// German "hafen" finds "Hafens" and marks it.
BOOST_AUTO_TEST_CASE(a_language_filter_stems_query_and_snippets_alike) {
  SearchService service(db);
  SearchRequest request;
  request.q = "hafen";
  request.filters["lang"] = {"de"};
  SearchResponse r = service.search(request);
  BOOST_TEST_REQUIRE(ids(r) == std::vector<std::string>{"m5"}, boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(r.hits[0].body_fragments.size() == 1u);
  BOOST_TEST(r.hits[0].body_fragments[0].find("<mark>Hafens</mark>") != std::string::npos,
             r.hits[0].body_fragments[0]);
}

BOOST_AUTO_TEST_CASE(unparseable_queries_fall_back_to_plain_words) {
  for (const char* q : {"\"unbalanced quote rate", "rate AND", "(((", "title:", "NOT", "*"}) {
    BOOST_CHECK_NO_THROW(search(q));
  }
  BOOST_TEST(!search("rate AND").hits.empty());
}

BOOST_AUTO_TEST_CASE(highlights_are_marked_and_escaped) {
  SearchResponse r = search("script");
  BOOST_TEST_REQUIRE(r.hits.size() == 1u);
  const SearchHit& h = r.hits[0];
  BOOST_TEST(h.title_html == "Site hacked with <mark>script</mark> injection");
  BOOST_TEST_REQUIRE(h.body_fragments.size() == 1u);
  const std::string& body = h.body_fragments[0];
  BOOST_TEST(body.find("&lt;<mark>script</mark>&gt;alert(1)&lt;/<mark>script</mark>&gt;") !=
                 std::string::npos,
             body);
  BOOST_TEST(body.find("&amp;") != std::string::npos, body);
  BOOST_TEST(body.find("<script") == std::string::npos, body);
}

BOOST_AUTO_TEST_CASE(highlights_stems_and_falls_back_to_the_lead) {
  SearchResponse r = search("rationing");
  BOOST_TEST_REQUIRE(r.hits.size() == 1u);
  BOOST_TEST(r.hits[0].body_fragments[0].find("<mark>rationed</mark>") != std::string::npos,
             r.hits[0].body_fragments[0]);
  SearchResponse by_author = search("author:ruiz");  // matches no body word
  BOOST_TEST_REQUIRE(!by_author.hits.empty());
  for (const auto& h : by_author.hits) {
    BOOST_TEST_REQUIRE(h.body_fragments.size() == 1u);
    BOOST_TEST(h.body_fragments[0].find("<mark>") == std::string::npos);
  }
}

// schema/news.json indexes stems only ("stemming": "all"): a phrase or a capitalised word
// matches any form of its words, and the words are still marked.
BOOST_AUTO_TEST_CASE(phrases_and_names_match_any_form_and_are_marked) {
  SearchResponse exact = search("\"interest rate\"");
  BOOST_TEST_REQUIRE(ids(exact) == std::vector<std::string>{"m3"},
                     boost::test_tools::per_element());
  BOOST_TEST(exact.hits[0].title_html == "Central bank holds <mark>interest rate</mark>");

  SearchResponse inflected = search("\"holding interest rates\"");
  BOOST_TEST_REQUIRE(ids(inflected) == std::vector<std::string>{"m3"},
                     boost::test_tools::per_element());
  BOOST_TEST(inflected.hits[0].title_html ==
             "Central bank <mark>holds</mark> <mark>interest</mark> <mark>rate</mark>");

  // Where the exact phrase is found, its words elsewhere stay unmarked ("water gardens").
  SearchResponse water = search("\"water rationing\"");
  BOOST_TEST_REQUIRE(ids(water) == std::vector<std::string>{"m7"},
                     boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(water.hits[0].body_fragments.size() == 1u);
  const std::string& fragment = water.hits[0].body_fragments[0];
  BOOST_TEST(fragment.find("<mark>water rationing</mark>") != std::string::npos, fragment);
  BOOST_TEST(fragment.find("<mark>water</mark> gardens") == std::string::npos, fragment);

  SearchResponse name = search("Rationed");  // capitalised: still any form of the word
  BOOST_TEST_REQUIRE(ids(name) == std::vector<std::string>{"m7"}, boost::test_tools::per_element());
  BOOST_TEST(name.hits[0].title_html == "Water <mark>rationing</mark> begins in Dunmore");

  // A word searched in one field is still marked (the snippet generator ignores prefixes).
  SearchResponse in_title = search("title:dredging");
  BOOST_TEST_REQUIRE(ids(in_title) == std::vector<std::string>{"m2"},
                     boost::test_tools::per_element());
  BOOST_TEST(in_title.hits[0].title_html == "Fishermen fear <mark>dredging</mark>");

  SearchResponse wild = search("ration*");
  BOOST_TEST(ids(wild) == std::vector<std::string>{"m7"}, boost::test_tools::per_element());
  // "easing" is indexed as its stem "eas", which "easi*" does not start with: widened.
  SearchResponse shorter_stem = search("easi*");
  BOOST_TEST_REQUIRE(ids(shorter_stem) == std::vector<std::string>{"m3"},
                     boost::test_tools::per_element());
  BOOST_TEST(
      shorter_stem.hits[0].body_fragments[0].find("<mark>easing</mark>") != std::string::npos,
      shorter_stem.hits[0].body_fragments[0]);
}

// The fragment comes from the body unless the summary marks more of the query: a phrase found
// only in the summary is shown there, not as a lone word of it in the body.
BOOST_AUTO_TEST_CASE(a_phrase_found_only_in_the_summary_is_shown_from_the_summary) {
  test::TempDir own;
  std::string path = own.str("db");
  test::index_jsonl(
      path,
      R"({"id":"q1","title":"Quotes on the board","summary":"The stock is 28 dlrs bid, 29 dlrs offered on the exchange.","body":"The company will have 28 mln shares outstanding after the offering. Profit rose in the quarter and the dividend was kept.","published_at":"2024-03-01T00:00:00Z"}
{"id":"q2","title":"Harbour dues","summary":"Harbour dues rise.","body":"Dues paid at the harbour will rise by 30 dlrs offered as a discount to members.","published_at":"2024-03-02T00:00:00Z"})"
      "\n");
  SearchService service(path);
  SearchRequest request;
  request.q = "\"dlrs offering\"";
  SearchResponse r = service.search(request);
  BOOST_TEST_REQUIRE(r.hits.size() == 2u);
  for (const SearchHit& h : r.hits) {
    BOOST_TEST_REQUIRE(h.body_fragments.size() == 1u);
    const std::string& fragment = h.body_fragments[0];
    BOOST_TEST(fragment.find("<mark>dlrs</mark> <mark>offered</mark>") != std::string::npos,
               h.id << ": " << fragment);
    // q1's fragment is its summary; q2's phrase is in its body, which is preferred.
    BOOST_TEST((fragment.find("exchange") != std::string::npos) == (h.id == "q1"),
               h.id << ": " << fragment);
  }
  // Empty highlight tags leave nothing to count marks by: the body is shown, and the search
  // ends (an empty tag once made the mark counting loop forever).
  for (int fragments : {1, 2}) {
    SearchRequest untagged = request;
    untagged.highlight_pre = "";
    untagged.highlight_post = "";
    untagged.fragments = fragments;
    SearchResponse plain = service.search(untagged);
    BOOST_TEST_REQUIRE(plain.hits.size() == 2u);
    for (const SearchHit& h : plain.hits) {
      BOOST_TEST_REQUIRE(!h.body_fragments.empty());
      BOOST_TEST(h.body_fragments[0].find("<mark>") == std::string::npos, h.body_fragments[0]);
      BOOST_TEST(h.body_fragments[0].find("offer") != std::string::npos, h.body_fragments[0]);
    }
  }
  request.fragments = 2;
  SearchResponse two = service.search(request);
  for (const SearchHit& h : two.hits) {
    BOOST_TEST_REQUIRE(!h.body_fragments.empty());
    BOOST_TEST(
        h.body_fragments[0].find("<mark>dlrs</mark> <mark>offered</mark>") != std::string::npos,
        h.id << ": " << h.body_fragments[0]);
  }
}

// An index built with "stemming": "some" (every index before the setting existed) is searched
// as it was built: words as written plus "Z" stems, a capitalised word only as written.
BOOST_AUTO_TEST_CASE(indexes_that_stem_some_words_are_searched_as_built) {
  test::TempDir other;
  std::string path = other.str("db");
  Schema schema = test::news_schema();
  schema.stem_all = false;
  test::index_jsonl(path, test::read_file(test::data_path("mini.jsonl")), schema);
  SearchService service(path);
  SearchRequest request;
  request.q = "rationed";
  SearchResponse any_form = service.search(request);
  BOOST_TEST_REQUIRE(ids(any_form) == std::vector<std::string>{"m7"},
                     boost::test_tools::per_element());
  BOOST_TEST(any_form.hits[0].title_html == "Water <mark>rationing</mark> begins in Dunmore");
  request.q = "Rationed";  // only as written: the title says "rationing"
  SearchResponse as_written = service.search(request);
  BOOST_TEST(ids(as_written) == std::vector<std::string>{"m7"}, boost::test_tools::per_element());
  BOOST_TEST(as_written.hits[0].title_html == "Water rationing begins in Dunmore");
  request.q = "\"holding interest rates\"";
  BOOST_TEST(service.search(request).hits.empty());
}

BOOST_AUTO_TEST_CASE(empty_query_browses_newest_first) {
  SearchResponse r = search("", 3);
  BOOST_TEST(matching_name(r.matching) == std::string("browse"));
  BOOST_TEST(r.total == 8u);
  BOOST_TEST(ids(r) == (std::vector<std::string>{"m5", "m1", "m4"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(gets_stored_articles_by_id) {
  SearchService service(db);
  BOOST_TEST(service.get_article("a/b c")["title"] == "An id with a slash and a space");
  BOOST_TEST(service.get_article("m6")["body"].get<std::string>().find("<script>") !=
             std::string::npos);  // stored as written; escaping is the presentation's job
  BOOST_CHECK_THROW(service.get_article("nope"), Error);
}

BOOST_AUTO_TEST_CASE(sees_commits_made_after_it_opened) {
  SearchService service(db);
  SearchRequest request;
  request.q = "zeppelin";
  BOOST_TEST(service.search(request).hits.empty());
  test::index_jsonl(db, R"({"id":"z1","title":"Zeppelin returns"})");
  BOOST_TEST(service.search(request).hits.size() == 1u);
  BOOST_TEST(service.stats().documents == 9u);
}

BOOST_AUTO_TEST_CASE(refuses_a_directory_that_is_not_an_index) {
  test::TempDir empty;
  BOOST_CHECK_THROW(SearchService{empty.str("nothing")}, Error);
}

BOOST_AUTO_TEST_SUITE_END()

// Issue 21: the work one query may do is bounded per query, and the response says what was cut.
BOOST_FIXTURE_TEST_SUITE(search_work_limits, MiniIndex)

BOOST_AUTO_TEST_CASE(wildcards_share_one_budget_per_query) {
  ServiceOptions options;
  options.max_wildcard_expansion = 100;
  options.max_wildcard_terms = 2;
  SearchService service(db, options);
  SearchRequest request;
  request.q = "h*";
  SearchResponse one = service.search(request);
  BOOST_TEST(one.truncated == std::vector<std::string>{"wildcards"},
             boost::test_tools::per_element());
  BOOST_TEST(!one.hits.empty());
  request.q = "harbour";
  BOOST_TEST(service.search(request).truncated.empty());
  request.q = "\"h* r*\"";  // inside quotes: not wildcards
  BOOST_TEST(service.search(request).truncated.empty());

  options.max_wildcard_terms = 400;
  SearchService roomy(db, options);
  request.q = "h* OR r*";
  BOOST_TEST(roomy.search(request).truncated.empty());
}

BOOST_AUTO_TEST_CASE(fragments_are_bounded_per_page) {
  ServiceOptions options;
  options.max_page_fragments = 4;
  SearchService service(db, options);
  SearchRequest request;
  request.q = "harbour OR rate OR bank";
  request.per_page = 10;
  request.fragments = 3;
  SearchResponse r = service.search(request);
  BOOST_TEST(r.truncated == std::vector<std::string>{"fragments"},
             boost::test_tools::per_element());
  for (const SearchHit& hit : r.hits) BOOST_TEST(hit.body_fragments.size() <= 1u);
  request.per_page = 1;
  request.fragments = 3;
  BOOST_TEST(service.search(request).truncated.empty());
}

BOOST_AUTO_TEST_CASE(wildcards_are_counted_outside_quotes) {
  BOOST_TEST(count_wildcards("port* title:harb* +x* -y*") == 4);
  BOOST_TEST(count_wildcards("\"port* x*\" a*") == 1);
  BOOST_TEST(count_wildcards("* ** a *b") == 0);
  BOOST_TEST(count_wildcards("(a* OR b*)") == 2);
}

BOOST_AUTO_TEST_SUITE_END()

// Found by fuzz_highlighter: with highlight_pre and highlight_post both empty, Xapian's snippet
// generator escaped nothing, so an article's own markup came back as HTML.
BOOST_AUTO_TEST_CASE(empty_highlight_tags_still_escape_the_text) {
  test::TempDir own;
  std::string path = own.str("db");
  test::index_jsonl(
      path,
      R"({"id":"x1","title":"Rates <b>rise</b>","summary":"Rates & <i>more</i>.","body":"Rates rose. <script>alert(1)</script> Rates again <img src=x onerror=alert(2)>.","published_at":"2024-03-01T00:00:00Z"})"
      "\n");
  SearchService service(path);
  for (int fragments : {1, 2}) {
    SearchRequest request;
    request.q = "rates";
    request.highlight_pre = "";
    request.highlight_post = "";
    request.fragments = fragments;
    SearchResponse r = service.search(request);
    BOOST_TEST_REQUIRE(r.hits.size() == 1u);
    std::string html = r.hits[0].title_html;
    for (const std::string& fragment : r.hits[0].body_fragments) html += fragment;
    BOOST_TEST(html.find('<') == std::string::npos, html);
    BOOST_TEST(html.find('\x01') == std::string::npos, html);
    BOOST_TEST(html.find("&lt;script&gt;") != std::string::npos, html);
  }
}

// The header promises Error(kUnavailable) for an index whose stored schema does not load.
BOOST_AUTO_TEST_CASE(an_index_with_an_unreadable_schema_is_unavailable) {
  test::TempDir own;
  std::string path = own.str("db");
  test::index_jsonl(path, R"({"id":"x1","title":"Rates rise"})"
                          "\n");
  {
    Xapian::WritableDatabase db(path, Xapian::DB_OPEN);
    db.set_metadata(kSchemaMetadataKey, "{not json");
    db.commit();
  }
  BOOST_CHECK_EXCEPTION(SearchService service(path), Error,
                        [](const Error& e) { return e.kind() == ErrorKind::kUnavailable; });
}
