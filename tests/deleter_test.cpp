#include "indexer/deleter.h"

#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include "core/error.h"
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
