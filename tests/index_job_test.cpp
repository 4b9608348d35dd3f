#include "indexer/index_job.h"

#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include "core/error.h"
#include "indexer/index_writer.h"
#include "tests/test_support.h"

using namespace dateline;

namespace {

const char* const kThree =
    "{\"id\":\"a\",\"title\":\"Alpha harbour\",\"published_at\":\"2024-01-01\"}\n"
    "{\"id\":\"b\",\"title\":\"Beta harbour\"}\n"
    "{\"id\":\"c\",\"title\":\"Gamma\"}\n";

struct Rejected {
  std::vector<std::string> lines;
  RejectReporter reporter() {
    return [this](const std::string& file, std::size_t line, const std::string& reason) {
      lines.push_back(std::filesystem::path(file).filename().string() + ":" + std::to_string(line) +
                      ": " + reason);
    };
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(index_job)

BOOST_AUTO_TEST_CASE(indexing_the_same_file_twice_changes_nothing) {
  test::TempDir dir;
  std::string input = dir.write_file("in.jsonl", kThree);
  IndexSummary first = run_index_job(dir.str("db"), test::news_schema(), {input}, {}, nullptr);
  IndexSummary second = run_index_job(dir.str("db"), test::news_schema(), {input}, {}, nullptr);
  BOOST_TEST(first.indexed == 3u);
  BOOST_TEST(second.indexed == 3u);
  BOOST_TEST(second.documents == 3u);
  Xapian::Database db(dir.str("db"));
  BOOST_TEST(db.get_doccount() == 3u);
  BOOST_TEST(db.get_termfreq("harbour") == 2u);
}

BOOST_AUTO_TEST_CASE(deletes_and_reports_rejections_with_file_and_line) {
  test::TempDir dir;
  std::string input = dir.write_file(
      "mixed.jsonl", std::string(kThree) +
                         "{\"op\":\"delete\",\"id\":\"b\"}\n"
                         "{\"id\":\"d\"}\n"
                         "not json\n"
                         "{\"op\":\"delete\",\"id\":\"nope\"}\n"
                         "{\"id\":\"e\",\"title\":\"Epsilon\",\"published_at\":\"soon\"}\n"
                         "{\"id\":\"f\",\"title\":\"Phi\"}\n");
  Rejected rejected;
  IndexOptions options;
  options.commit_every = 2;
  IndexSummary s =
      run_index_job(dir.str("db"), test::news_schema(), {input}, options, rejected.reporter());
  BOOST_TEST(s.read == 9u);
  BOOST_TEST(s.indexed == 4u);
  BOOST_TEST(s.deleted == 1u);
  BOOST_TEST(s.delete_missing == 1u);
  BOOST_TEST(s.rejected == 3u);
  BOOST_TEST(s.documents == 3u);
  BOOST_TEST(s.commits >= 3u);
  std::vector<std::string> expected = {
      "mixed.jsonl:5: missing title",
      "mixed.jsonl:6: invalid JSON at column 2: syntax error while parsing value - invalid "
      "literal; last read: 'no'",
      "mixed.jsonl:8: published_at: unrecognised date 'soon' (expected RFC 3339, RFC 2822 or "
      "unix seconds)"};
  BOOST_TEST(rejected.lines == expected, boost::test_tools::per_element());
  Xapian::Database db(dir.str("db"));
  BOOST_TEST(db.term_exists("Qa"));
  BOOST_TEST(!db.term_exists("Qb"));
  BOOST_TEST(db.term_exists("Qf"));
}

BOOST_AUTO_TEST_CASE(missing_input_fails_before_touching_the_index) {
  test::TempDir dir;
  try {
    run_index_job(dir.str("db"), test::news_schema(), {dir.str("absent.jsonl")}, {}, nullptr);
    BOOST_FAIL("expected an error");
  } catch (const Error& e) {
    BOOST_TEST(static_cast<int>(e.kind()) == static_cast<int>(ErrorKind::kNotFound));
    BOOST_TEST(std::string(e.what()) ==
               "cannot open " + dir.str("absent.jsonl") + ": no such file");
  }
  BOOST_TEST(!std::filesystem::exists(dir.str("db")));
}

BOOST_AUTO_TEST_CASE(second_writer_gets_the_lock_error) {
  test::TempDir dir;
  IndexWriter first(dir.str("db"), test::news_schema());
  try {
    IndexWriter second(dir.str("db"), test::news_schema());
    BOOST_FAIL("expected a lock error");
  } catch (const Error& e) {
    BOOST_TEST(static_cast<int>(e.kind()) == static_cast<int>(ErrorKind::kLocked));
    BOOST_TEST(std::string(e.what()) == "index is locked by another writer: " + dir.str("db"));
  }
}

BOOST_AUTO_TEST_CASE(refuses_an_index_built_with_another_schema) {
  test::TempDir dir;
  test::index_jsonl(dir.str("db"), kThree);
  nlohmann::json changed = schema_to_json(test::news_schema());
  changed["fields"][2]["text"]["weight"] = 9;  // title weight
  Schema other = schema_from_json(changed);
  try {
    IndexWriter writer(dir.str("db"), other);
    BOOST_FAIL("expected an incompatible-schema error");
  } catch (const Error& e) {
    BOOST_TEST(static_cast<int>(e.kind()) == static_cast<int>(ErrorKind::kUnavailable));
    std::string what = e.what();
    BOOST_TEST(what.find("incompatible schema for index") == 0u, what);
    BOOST_TEST(what.find("field 'title' is indexed differently") != std::string::npos, what);
  }
}

BOOST_AUTO_TEST_CASE(reads_gzip_input) {
  test::TempDir dir;
  std::string plain = dir.write_file("in.jsonl", kThree);
  BOOST_TEST_REQUIRE(std::system(("gzip -k " + plain).c_str()) == 0);
  IndexSummary s = run_index_job(dir.str("db"), test::news_schema(), {plain + ".gz"}, {}, nullptr);
  BOOST_TEST(s.indexed == 3u);
}

BOOST_AUTO_TEST_SUITE_END()
