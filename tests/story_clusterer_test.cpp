#include "indexer/story_clusterer.h"

#include <map>

#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include "core/text.h"
#include "index/format.h"
#include "indexer/document_builder.h"
#include "indexer/story_index.h"
#include "server/search_service.h"
#include "tests/test_support.h"

using namespace dateline;

namespace {

const char* const kWire =
    "The central bank cut its benchmark interest rate by a quarter point on Thursday, the first "
    "reduction in three years, saying inflation had fallen back towards its target and that "
    "growth had slowed more than expected over the winter months. Governor Lena Strand told "
    "reporters the board would move carefully and that further cuts were not guaranteed.";

// The same wire copy as republished: a new first clause, a dropped sentence end, a typo fixed.
const char* const kEdited =
    "In a widely expected move, the central bank cut its benchmark interest rate by a quarter "
    "point on Thursday, the first reduction in three years, saying inflation had fallen back "
    "towards its target and that growth had slowed more than expected over the winter months. "
    "Governor Lena Strand told reporters the board would move carefully.";

const char* const kOther =
    "Volunteers planted four thousand oak saplings along the river on Saturday as part of a "
    "project to restore the floodplain woodland that was cleared for grazing a century ago, "
    "and organisers hope to double the number next spring with help from local schools.";

// A JSON Lines record of a rate-cut story (no source or date when empty).
std::string story_line(const std::string& id, const char* body, const std::string& when,
                       const std::string& source = "") {
  nlohmann::json j = {{"id", id}, {"title", "Rate cut " + id}, {"body", body}};
  if (!source.empty()) j["source"] = source;
  if (!when.empty()) j["published_at"] = when;
  return j.dump() + "\n";
}

// The story cluster of the document with article id `id`.
std::string cluster_of(const Xapian::Database& db, const std::string& id) {
  Xapian::PostingIterator p = db.postlist_begin("Q" + id);
  return db.get_document(*p).get_value(9);
}

// A search for "rate", which every story_line title has, without recency.
SearchRequest rate_query() {
  SearchRequest r;
  r.q = "rate";
  r.recency = Recency::kOff;
  return r;
}

// The collapse value (slot 11) of the document with article id `id`.
std::string collapse_of(const Xapian::Database& db, const std::string& id) {
  Xapian::PostingIterator p = db.postlist_begin("Q" + id);
  return db.get_document(*p).get_value(11);
}

// True when every article of a story with two or more articles carries the cluster id as its
// collapse value, and no other article has one: what search collapses on.
bool collapse_values_match_clusters(const Xapian::Database& db) {
  bool ok = true;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    Xapian::Document doc = db.get_document(*it);
    std::string cluster = doc.get_value(9);
    bool shared = db.get_termfreq("XC" + cluster) >= 2;
    std::string expected = shared ? cluster : std::string();
    if (doc.get_value(11) != expected) {
      BOOST_TEST_MESSAGE("document " << *it << " of cluster " << cluster << " has collapse value '"
                                     << doc.get_value(11) << "', not '" << expected << "'");
      ok = false;
    }
  }
  return ok;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(story_clusterer)

BOOST_AUTO_TEST_CASE(near_duplicates_are_similar_and_others_are_not) {
  StorySignature wire = story_signature(kWire);
  BOOST_TEST_REQUIRE(wire.usable);
  BOOST_TEST(estimated_similarity(wire, story_signature(kEdited)) >= 0.45);
  BOOST_TEST(estimated_similarity(wire, story_signature(kOther)) < 0.2);
  BOOST_TEST(estimated_similarity(wire, wire) == 1.0);
  BOOST_TEST(!story_signature("Too short to compare.").usable);
}

BOOST_AUTO_TEST_CASE(signatures_are_the_same_in_every_build) {
  // Signatures are stored in indexes, and a later job compares new articles with them: the
  // shingle hashing and row mixing must never change. Pinned from the first release's code.
  StorySignature s = story_signature(
      "Dockworkers in Pellham walked out on Monday after talks over night-shift pay broke down, "
      "leaving three container ships waiting at anchor outside the harbour while the port "
      "authority said it would ask a mediator to bring both sides back to the table this week.");
  BOOST_TEST_REQUIRE(s.usable);
  BOOST_TEST(s.minima[0] == 206712290u);
  BOOST_TEST(s.minima[kSignatureSize - 1] == 53078460u);
  BOOST_TEST(fnv1a64(encode_signature(s)) == 0x4ae05b1e70a81ae9ull);
  BOOST_TEST(fnv1a64("ab cd") == fnv1a64("cd", fnv1a64(" ", fnv1a64("ab"))));
}

BOOST_AUTO_TEST_CASE(signatures_round_trip_through_the_slot_encoding) {
  StorySignature wire = story_signature(kWire);
  StorySignature back = decode_signature(encode_signature(wire));
  BOOST_TEST(back.usable);
  BOOST_TEST(estimated_similarity(wire, back) == 1.0);
  BOOST_TEST(!decode_signature("junk").usable);
}

BOOST_AUTO_TEST_CASE(the_story_index_clusters_within_the_window_and_never_with_itself) {
  StoryIndex index(StorySpec{}, 100);
  auto article = [](const std::string& id, const char* body, std::int64_t hours) {
    Article a;
    a.id = id;
    a.title = "Title " + id;
    a.body = body;
    a.published_at = 1742464800 + hours * 3600;  // 2025-03-20T10:00:00Z
    return a;
  };
  BOOST_TEST(index.assign(article("a", kWire, 0)).cluster_id == "a");
  BOOST_TEST(index.assign(article("b", kEdited, 5)).cluster_id == "a");
  BOOST_TEST(index.assign(article("c", kOther, 6)).cluster_id == "c");
  BOOST_TEST(index.assign(article("d", kWire, 24 * 30)).cluster_id == "d");  // outside 168 h
  BOOST_TEST(index.assign(article("c", kOther, 7)).cluster_id == "c");  // not its older version

  // An article remembered from the index gives its cluster, unless it is the same document.
  StoryIndex loaded(StorySpec{}, 100);
  loaded.remember(7, "wire-1", 1742464800, story_signature(kWire));
  loaded.remember(8, "ignored", 1742464800, story_signature("Too short to compare."));
  BOOST_TEST(loaded.size() == 1u);
  BOOST_TEST(loaded.assign(article("wire-1", kWire, 1), 7).cluster_id == "wire-1");
  BOOST_TEST(loaded.assign(article("copy", kEdited, 2), 9).cluster_id == "wire-1");
}

BOOST_AUTO_TEST_CASE(the_story_index_forgets_its_oldest_articles_beyond_its_capacity) {
  StoryIndex index(StorySpec{}, 2);
  Article a;
  a.id = "first";
  a.body = kWire;
  index.assign(a);
  Article filler;
  filler.body = kOther;
  for (const char* id : {"f1", "f2"}) {
    filler.id = id;
    index.assign(filler);
  }
  BOOST_TEST(index.size() == 2u);
  Article copy;
  copy.id = "copy";
  copy.body = kEdited;
  BOOST_TEST(index.assign(copy).cluster_id == "copy");  // "first" was forgotten
}

BOOST_AUTO_TEST_CASE(clusters_republished_stories_within_the_time_window) {
  test::TempDir dir;
  test::index_jsonl(dir.str("db"),
                    story_line("a", kWire, "2025-03-20T10:00:00Z", "Wire") +
                        story_line("b", kEdited, "2025-03-20T15:00:00Z", "Ledger") +
                        story_line("c", kOther, "2025-03-20T16:00:00Z", "Courier") +
                        story_line("d", kWire, "2025-06-01T10:00:00Z", "Post"));  // out of window
  Xapian::Database db(dir.str("db"));
  auto cluster = [&](const std::string& id) { return cluster_of(db, id); };
  BOOST_TEST(cluster("a") == "a");
  BOOST_TEST(cluster("b") == "a");
  BOOST_TEST(cluster("c") == "c");
  BOOST_TEST(cluster("d") == "d");
  // Only the story with two articles carries the sparse collapse value.
  BOOST_TEST(collapse_of(db, "a") == "a");
  BOOST_TEST(collapse_of(db, "b") == "a");
  BOOST_TEST(collapse_of(db, "c") == "");
  BOOST_TEST(collapse_values_match_clusters(db));

  SearchService service(dir.str("db"));
  SearchRequest r = rate_query();
  SearchResponse collapsed = service.search(r);
  BOOST_TEST_REQUIRE(collapsed.hits.size() == 3u);  // story a (with b), c and d
  auto story = std::find_if(collapsed.hits.begin(), collapsed.hits.end(),
                            [](const SearchHit& h) { return h.id == "a" || h.id == "b"; });
  BOOST_TEST_REQUIRE((story != collapsed.hits.end()));
  BOOST_TEST(story->more_sources == 1u);
  BOOST_TEST(story->other_sources.size() == 1u);
  // Every candidate was checked, so the count of stories is exact, a full page or not.
  BOOST_TEST(collapsed.total == 3u);
  BOOST_TEST(collapsed.total_exact);
  r.per_page = 1;
  SearchResponse first_page = service.search(r);
  BOOST_TEST(first_page.total == 3u);
  BOOST_TEST(first_page.total_exact);
  r.per_page = 10;
  r.collapse = false;
  BOOST_TEST(service.search(r).hits.size() == 4u);
  // Related articles leave out the article's own story.
  for (const auto& hit : service.related("a", 5).hits) BOOST_TEST(hit.id != "b");
}

// Under story collapse Xapian can keep its count bounds apart even after checking every
// candidate (on the sample articles, `econom*` matches 6, and Xapian says "6 to 7"). The service
// knows it checked them all, and says the count is exact.
BOOST_AUTO_TEST_CASE(counts_of_collapsed_results_are_exact_when_every_match_was_checked) {
  test::TempDir dir;
  test::index_jsonl(dir.str("db"), test::read_file(test::sample_path("articles.jsonl")));
  SearchService service(dir.str("db"));
  SearchRequest r;
  r.q = "econom*";
  r.per_page = 1;
  SearchResponse first_page = service.search(r);
  BOOST_TEST(first_page.hits.size() == 1u);
  BOOST_TEST(first_page.total == 6u);
  BOOST_TEST(first_page.total_exact);
  r.collapse = false;
  BOOST_TEST(service.search(r).total == 6u);
}

BOOST_AUTO_TEST_CASE(an_incremental_job_clusters_with_articles_of_earlier_jobs) {
  test::TempDir dir;
  // The first job is a bulk build into the empty index; the second updates it with one writer.
  test::index_jsonl(dir.str("db"), story_line("a", kWire, "2025-03-20T22:00:00Z") +
                                       story_line("c", kOther, "2025-03-20T16:00:00Z"));
  test::index_jsonl(dir.str("db"),
                    story_line("b", kEdited, "2025-03-21T03:00:00Z") +      // the next UTC day
                        story_line("d", kWire, "2025-06-01T10:00:00Z") +    // outside the window
                        story_line("e", kEdited, "2025-03-13T23:00:00Z") +  // 167 h before a
                        story_line("a", kWire, "2025-03-20T22:30:00Z"));    // a's new version
  Xapian::Database db(dir.str("db"));
  BOOST_TEST(db.get_doccount() == 5u);
  auto cluster = [&](const std::string& id) { return cluster_of(db, id); };
  BOOST_TEST(cluster("b") == "a");
  BOOST_TEST(cluster("c") == "c");
  BOOST_TEST(cluster("d") == "d");
  BOOST_TEST(cluster("e") == "a");
  // a's new version is not a copy of its old one; it joins b, which carries a's cluster.
  BOOST_TEST(cluster("a") == "a");
  BOOST_TEST(collapse_values_match_clusters(db));
  // The LSH bands are not stored as terms.
  BOOST_TEST((db.allterms_begin("XH") == db.allterms_end("XH")));
}

// The first article of a story is written before any copy joins it; when a copy comes in a later
// job, that job gives the first article its collapse value, so search still shows the story once.
BOOST_AUTO_TEST_CASE(a_later_copy_gives_the_first_article_its_collapse_value) {
  test::TempDir dir;
  test::index_jsonl(dir.str("db"), story_line("a", kWire, "2025-03-20T10:00:00Z", "Wire") +
                                       story_line("c", kOther, "2025-03-20T16:00:00Z"));
  {
    Xapian::Database db(dir.str("db"));
    BOOST_TEST(collapse_of(db, "a") == "");
    BOOST_TEST(collapse_values_match_clusters(db));
  }
  test::index_jsonl(dir.str("db"), story_line("b", kEdited, "2025-03-20T15:00:00Z", "Ledger"));
  Xapian::Database db(dir.str("db"));
  BOOST_TEST(collapse_of(db, "a") == "a");
  BOOST_TEST(collapse_of(db, "b") == "a");
  BOOST_TEST(collapse_values_match_clusters(db));
  SearchService service(dir.str("db"));
  SearchRequest r = rate_query();
  SearchResponse collapsed = service.search(r);
  BOOST_TEST(collapsed.hits.size() == 2u);  // story a (with b) and c
  BOOST_TEST(collapsed.total == 2u);
  r.collapse = false;
  BOOST_TEST(service.search(r).hits.size() == 3u);
}

// An index written before the collapse slot existed keeps its schema: later jobs write no
// collapse values into it, and search collapses on the cluster id as before.
BOOST_AUTO_TEST_CASE(an_index_without_a_collapse_slot_collapses_on_the_cluster) {
  test::TempDir dir;
  Schema old = test::news_schema();
  old.story->collapse_slot.reset();
  test::index_jsonl(dir.str("db"), story_line("a", kWire, "2025-03-20T10:00:00Z", "Wire"), old);
  test::index_jsonl(dir.str("db"), story_line("b", kEdited, "2025-03-20T15:00:00Z", "Ledger") +
                                       story_line("c", kOther, "2025-03-20T16:00:00Z"));
  Xapian::Database db(dir.str("db"));
  BOOST_TEST(cluster_of(db, "b") == "a");
  BOOST_TEST((db.valuestream_begin(11) == db.valuestream_end(11)));
  BOOST_TEST(schema_from_json(nlohmann::json::parse(db.get_metadata(kSchemaMetadataKey)))
                 .story->collapse_slot.has_value() == false);
  SearchService service(dir.str("db"));
  BOOST_TEST(service.search(rate_query()).hits.size() == 2u);
}

BOOST_AUTO_TEST_CASE(the_sample_corpus_has_exactly_its_one_republished_pair) {
  test::TempDir dir;
  test::index_jsonl(dir.str("db"), test::read_file(test::sample_path("articles.jsonl")));
  Xapian::Database db(dir.str("db"));
  std::map<std::string, std::vector<std::string>> clusters;
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
    Xapian::Document doc = db.get_document(*it);
    clusters[doc.get_value(9)].push_back(nlohmann::json::parse(doc.get_data())["id"]);
  }
  std::vector<std::vector<std::string>> shared;
  for (auto& [id, members] : clusters) {
    if (members.size() > 1) {
      std::sort(members.begin(), members.end());
      shared.push_back(members);
    }
  }
  BOOST_TEST_REQUIRE(shared.size() == 1u);
  BOOST_TEST(shared[0] == (std::vector<std::string>{"ledger-2024-0361", "vep-2024-0208"}),
             boost::test_tools::per_element());
  BOOST_TEST(collapse_values_match_clusters(db));
}

BOOST_AUTO_TEST_SUITE_END()

namespace {

std::string story_signature_hex(const std::string& text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : encode_signature(story_signature(text))) {
    out += kHex[c >> 4];
    out += kHex[c & 0xf];
  }
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(story_signature_bytes)

// Signatures are stored in indexes and compared with those of later jobs: these are the ones
// the first version computed (from a vector of split words), which every later one must give.
BOOST_AUTO_TEST_CASE(signatures_stay_as_stored) {
  BOOST_TEST(story_signature_hex("The central bank cut its benchmark interest rate by a quarter "
                                 "point on Thursday, the first reduction in three years.") ==
             "032240ea0a27e7a3120b2c6510b74ad416452ba51b22651410341f7401b063a80223636715c28d7b041"
             "b5c9602a6ca9733ddcc37088e86241a19283e1394e7f7012485e40a15c100047a23cd37f2afc706bb7b"
             "8e18ad6cd5152f37a70065c1750025a861005b555c312653400484efc305e30faf0bb607d417a5b1880"
             "9cc3cb9");
  BOOST_TEST(story_signature_hex("Caf\xc3\xa9 \xc3\x89"
                                 "COLE na\xc3\xafve \xe6\x97\xa5\xe6\x9c\xac \xff bad bytes, U.S. "
                                 "dlrs 82.83/93 the_company's one two three four five six.") ==
             "1c7c34560dd7e86c20d510cb0277cec60c3095811219aab80610cdee1f58329708e08167044cbfb60bb"
             "eff570a31546a04dfc0550983bf8004e2c27a008a4fb309c3b9030218f8e4097c955d01d51606057b25"
             "9e180dc9b822bf8cd0000656c5070b4867064e01ea0ecd8c76016dc74d033b7146271df5fd08b200540"
             "0372b5c");
  // Nine words are too few (kMinShingles + 2 = 10); ten are enough.
  BOOST_TEST(!story_signature("one two three four five six seven eight nine").usable);
  BOOST_TEST(story_signature_hex("one two three four five six seven eight nine ten") ==
             "1eaa31be052c6a4d00bab7540c09225104aeff250531302c08a346f516eb005a043c1e894568c00e108"
             "bd69503470ce614801e660983bf800251fb4214268de90bf0dae3015ce99f205cf5d624129bef0067d7"
             "fc4578c2db079804d5000656c51bd8f15c3ea1785e1421e3ad57445b633236bd1902a5d1350cf5dc795"
             "23a974f");
}

BOOST_AUTO_TEST_SUITE_END()
