#include "indexer/deleter.h"

#include <algorithm>
#include <utility>

#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include "core/error.h"
#include "server/search_service.h"
#include "tests/test_support.h"

using namespace dateline;

namespace {

const char* const kFour =
    "{\"id\":\"old-a\",\"title\":\"Old A\",\"source\":\"The Harbor Ledger\","
    "\"published_at\":\"2020-01-01\"}\n"
    "{\"id\":\"old-b\",\"title\":\"Old B\",\"source\":\"Bay "
    "Times\",\"published_at\":\"2020-06-01\"}\n"
    "{\"id\":\"new-c\",\"title\":\"New C\",\"source\":\"The Harbor Ledger\","
    "\"published_at\":\"2024-03-01\"}\n"
    "{\"id\":\"undated\",\"title\":\"Undated harbour\",\"source\":\"Bay Times\"}\n";

constexpr std::int64_t kNow = 1710000000;  // 2024-03-09

}  // namespace

BOOST_AUTO_TEST_SUITE(deleter)

BOOST_AUTO_TEST_CASE(parses_ages) {
  BOOST_TEST(parse_age("365d").value() == 365 * 86400);
  BOOST_TEST(parse_age("12h").value() == 12 * 3600);
  BOOST_TEST(parse_age("2w").value() == 14 * 86400);
  BOOST_TEST(!parse_age("365"));
  BOOST_TEST(!parse_age("0d"));
  BOOST_TEST(!parse_age("d"));
  BOOST_TEST(!parse_age("3y"));
}

BOOST_AUTO_TEST_CASE(deletes_by_id_and_reports_missing_ids) {
  test::TempDir dir;
  test::index_jsonl(dir.str("db"), kFour);
  DeleteRequest r;
  r.ids = {"old-a", "nope"};
  DeleteResult result = run_delete(dir.str("db"), r);
  BOOST_TEST(result.deleted == std::vector<std::string>{"old-a"}, boost::test_tools::per_element());
  BOOST_TEST(result.missing == std::vector<std::string>{"nope"}, boost::test_tools::per_element());
  BOOST_TEST(result.documents == 3u);
}

BOOST_AUTO_TEST_CASE(deletes_older_than_and_keeps_undated_articles) {
  test::TempDir dir;
  test::index_jsonl(dir.str("db"), kFour);
  DeleteRequest r;
  r.older_than = parse_age("365d");
  r.now = kNow;
  r.dry_run = true;
  DeleteResult dry = run_delete(dir.str("db"), r);
  BOOST_TEST(dry.deleted == (std::vector<std::string>{"old-a", "old-b"}),
             boost::test_tools::per_element());
  BOOST_TEST(Xapian::Database(dir.str("db")).get_doccount() == 4u);
  r.dry_run = false;
  DeleteResult done = run_delete(dir.str("db"), r);
  BOOST_TEST(done.deleted == dry.deleted, boost::test_tools::per_element());
  BOOST_TEST(done.documents == 2u);
  Xapian::Database db(dir.str("db"));
  BOOST_TEST(db.term_exists("Qundated"));
  BOOST_TEST(db.term_exists("Qnew-c"));
}

BOOST_AUTO_TEST_CASE(deletes_by_query_with_the_stored_schema) {
  test::TempDir dir;
  test::index_jsonl(dir.str("db"), kFour);
  DeleteRequest r;
  r.query = "source:\"The Harbor Ledger\"";
  r.older_than = parse_age("365d");
  r.now = kNow;
  DeleteResult result = run_delete(dir.str("db"), r);
  BOOST_TEST(result.deleted == std::vector<std::string>{"old-a"}, boost::test_tools::per_element());
  DeleteRequest by_word;
  by_word.query = "harbour";
  BOOST_TEST(run_delete(dir.str("db"), by_word).deleted == std::vector<std::string>{"undated"},
             boost::test_tools::per_element());
}

// A wildcard reaches a word whose stem is shorter than its prefix, as it does in search:
// "undated" is indexed as "undat".
BOOST_AUTO_TEST_CASE(deletes_by_wildcard_over_stems) {
  test::TempDir dir;
  test::index_jsonl(dir.str("db"), kFour);
  DeleteRequest r;
  r.query = "undate*";
  BOOST_TEST(run_delete(dir.str("db"), r).deleted == std::vector<std::string>{"undated"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(refuses_empty_or_mixed_requests_and_missing_indexes) {
  test::TempDir dir;
  BOOST_CHECK_THROW(run_delete(dir.str("db"), DeleteRequest{}), Error);
  DeleteRequest r;
  r.ids = {"a"};
  try {
    run_delete(dir.str("db"), r);
    BOOST_FAIL("expected an error");
  } catch (const Error& e) {
    BOOST_TEST(std::string(e.what()) == "no index at " + dir.str("db"));
  }
  r.query = "x";
  BOOST_CHECK_THROW(run_delete(dir.str("db"), r), Error);
}

BOOST_AUTO_TEST_SUITE_END()

// Issue 21: `dateline delete --query 'water rationing'` deleted articles with ANY of the words,
// while a search for the same text requires all of them.
BOOST_AUTO_TEST_SUITE(deleter_query_semantics)

const char* const kWater =
    "{\"id\":\"w1\",\"title\":\"Water rationing begins in the city\"}\n"
    "{\"id\":\"w2\",\"title\":\"Water prices rise again\"}\n"
    "{\"id\":\"w3\",\"title\":\"Rationing of fuel ends\"}\n"
    "{\"id\":\"w4\",\"title\":\"Rationed water for the harbour district\"}\n"
    "{\"id\":\"w5\",\"title\":\"U.S. water rationing plan\"}\n";

// A dry-run delete of `q`, and the search for `q` with stories not collapsed: what it shows.
std::pair<DeleteResult, SearchResponse> dry_run_and_search(const std::string& db,
                                                           const std::string& q) {
  DeleteRequest r;
  r.query = q;
  r.dry_run = true;
  DeleteResult dry = run_delete(db, r);
  SearchRequest search;
  search.q = q;
  search.collapse = false;
  return {dry, SearchService(db).search(search)};
}

BOOST_AUTO_TEST_CASE(a_query_delete_takes_exactly_what_the_same_search_counts) {
  test::TempDir dir;
  test::index_jsonl(dir.str("db"), kWater);
  for (const char* q : {"water rationing", "water", "rationing NOT fuel", "water rationing city",
                        "u.s. water", "WATER RATIONING CITY"}) {
    auto [dry, found] = dry_run_and_search(dir.str("db"), q);
    BOOST_TEST(!found.relaxed, q);
    BOOST_TEST(dry.deleted.size() == found.total, q);
  }
  DeleteRequest r;
  r.query = "water rationing";
  DeleteResult done = run_delete(dir.str("db"), r);
  std::sort(done.deleted.begin(), done.deleted.end());
  BOOST_TEST(done.deleted == (std::vector<std::string>{"w1", "w4", "w5"}),
             boost::test_tools::per_element());
  BOOST_TEST(done.documents == 2u);
}

BOOST_AUTO_TEST_CASE(a_query_delete_reads_every_language_of_the_index_as_search_does) {
  test::TempDir dir;
  test::index_jsonl(dir.str("db"),
                    std::string(kWater) +
                        R"({"id":"d1","title":"Baggerarbeiten im Hafen","language":"de"})"
                        "\n");
  for (const char* q : {"baggerarbeiten", "water rationing"}) {
    auto [dry, found] = dry_run_and_search(dir.str("db"), q);
    BOOST_TEST(dry.deleted.size() == found.total, q);
  }
  DeleteRequest r;
  r.query = "baggerarbeiten";
  BOOST_TEST(run_delete(dir.str("db"), r).deleted == std::vector<std::string>{"d1"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_query_search_would_relax_or_read_as_any_word_is_refused) {
  test::TempDir dir;
  test::index_jsonl(dir.str("db"), kWater);
  DeleteRequest r;
  r.query = "water rationing harbour fuel";  // four words: search matches any of them
  BOOST_CHECK_THROW(run_delete(dir.str("db"), r), Error);
  r.query = "water fuel";  // no article has both: search would relax it
  BOOST_CHECK_THROW(run_delete(dir.str("db"), r), Error);
  r.query = "watr rationing";  // a typo: search would correct it
  BOOST_CHECK_THROW(run_delete(dir.str("db"), r), Error);
  BOOST_TEST(Xapian::Database(dir.str("db")).get_doccount() == 5u);
}

BOOST_AUTO_TEST_SUITE_END()
