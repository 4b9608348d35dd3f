#include "indexer/index_job.h"

#include <fstream>

#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include "cli/job_report.h"
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
  options.jobs = 1;  // the incremental writer, which commits as it goes
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

BOOST_AUTO_TEST_CASE(reads_every_format_from_a_directory_and_reports_file_and_line) {
  test::TempDir dir;
  std::filesystem::create_directories(dir.path() / "in/.cache");
  for (const char* name : {"feed.rss", "feed.atom", "articles.json", "invalid-utf8.jsonl",
                           "pages/harbour-story.html", "pages/ferry-story.html"}) {
    std::filesystem::copy_file(test::data_path(name),
                               dir.path() / "in" / std::filesystem::path(name).filename());
  }
  dir.write_file("in/.cache/skipped.jsonl", "{\"id\":\"hidden\",\"title\":\"Hidden\"}\n");
  Rejected rejected;
  IndexSummary s =
      run_index_job(dir.str("db"), test::news_schema(), {dir.str("in")}, {}, rejected.reporter());
  std::vector<std::string> expected = {
      "articles.json:8: missing title",
      "articles.json:12: element 3: invalid JSON at column 10: syntax error while parsing object "
      "- unexpected string literal; expected '}'",
      "feed.atom:18: published_at: unrecognised date 'nächsten Dienstag' (expected RFC 3339, RFC "
      "2822 or unix seconds)",
      "feed.rss:26: missing title"};
  BOOST_TEST(rejected.lines == expected, boost::test_tools::per_element());
  BOOST_TEST(s.indexed == 12u);  // 2 json + 2 atom + 3 rss + 3 jsonl + 2 html
  BOOST_TEST(s.rejected == 4u);
  BOOST_TEST(s.repaired == 1u);
  BOOST_TEST(cli::summary_to_text(s).find("; invalid UTF-8 repaired (U+FFFD) in 1 record") !=
             std::string::npos);
  Xapian::Database db(dir.str("db"));
  for (const char* id : {"Qjson-1", "Qjson-4", "Qu-1", "Qu-2", "Qu-3", "Qledger-2024-0311",
                         "Qurn:kurier:2024-0044", "Qhttps://baytimes.example/ferry-strike"}) {
    BOOST_TEST(db.term_exists(id), id);
  }
  BOOST_TEST(!db.term_exists("Qhidden"));
}

BOOST_AUTO_TEST_CASE(csv_with_a_mapping_and_a_rejects_file) {
  test::TempDir dir;
  Rejected rejected;
  IndexOptions options;
  options.field_map = {{"headline", "title"}, {"published", "published_at"}};
  options.rejects_path = dir.str("rejects.jsonl");
  IndexSummary s = run_index_job(dir.str("db"), test::news_schema(),
                                 {test::data_path("articles.csv")}, options, rejected.reporter());
  BOOST_TEST(s.indexed == 3u);
  std::vector<std::string> expected = {"articles.csv:6: row has 5 fields; the header has 7",
                                       "articles.csv:7: missing title"};
  BOOST_TEST(rejected.lines == expected, boost::test_tools::per_element());
  std::ifstream in(dir.str("rejects.jsonl"));
  std::string line;
  std::vector<nlohmann::json> rejects;
  while (std::getline(in, line)) rejects.push_back(nlohmann::json::parse(line));
  BOOST_TEST_REQUIRE(rejects.size() == 2u);
  BOOST_TEST(rejects[0]["line"] == 6);
  BOOST_TEST(rejects[0]["reason"] == "row has 5 fields; the header has 7");
  BOOST_TEST(rejects[0]["raw"] == "csv-3,Ferry timetable,changes,on,Sunday");
  BOOST_TEST(rejects[1]["raw"] == "csv-4,,\"A row without a headline.\",,,2024-03-16,Metro");
  Xapian::Database db(dir.str("db"));
  BOOST_TEST(db.term_exists("Qcsv-2"));
  BOOST_TEST(db.term_exists("Qcsv-5"));
}

BOOST_AUTO_TEST_CASE(dry_run_validates_without_creating_the_index) {
  test::TempDir dir;
  std::string input = dir.write_file("in.jsonl", std::string(kThree) + "{\"id\":\"d\"}\n");
  Rejected rejected;
  IndexOptions options;
  options.dry_run = true;
  IndexSummary s =
      run_index_job(dir.str("db"), test::news_schema(), {input}, options, rejected.reporter());
  BOOST_TEST(s.indexed == 3u);
  BOOST_TEST(s.rejected == 1u);
  BOOST_TEST(rejected.lines == std::vector<std::string>{"in.jsonl:4: missing title"},
             boost::test_tools::per_element());
  BOOST_TEST(!std::filesystem::exists(dir.str("db")));
  BOOST_TEST(cli::summary_to_text(s).rfind("dry run: read 4, would index 3, would delete 0, "
                                           "rejected 1 in ",
                                           0) == 0u);
}

BOOST_AUTO_TEST_CASE(warns_about_cut_fields_and_keeps_the_record) {
  test::TempDir dir;
  std::string input = dir.write_file(
      "big.jsonl", "{\"id\":\"big\",\"title\":\"Big\",\"body\":\"" + std::string(1100000, 'w') +
                       "\"}\n{\"id\":\"small\",\"title\":\"Small\"}\n");
  Rejected warnings;
  IndexOptions options;
  options.report_warning = warnings.reporter();
  IndexSummary s = run_index_job(dir.str("db"), test::news_schema(), {input}, options, nullptr);
  BOOST_TEST(
      warnings.lines == std::vector<std::string>{"big.jsonl:1: warning: body cut to 1048576 bytes"},
      boost::test_tools::per_element());
  BOOST_TEST(s.indexed == 2u);
  BOOST_TEST(s.fields_cut == 1u);
}

BOOST_AUTO_TEST_CASE(a_truncated_gzip_input_keeps_its_good_records) {
  test::TempDir dir;
  std::string plain = dir.write_file("in.jsonl", kThree);
  BOOST_TEST_REQUIRE(std::system(("gzip -k " + plain).c_str()) == 0);
  std::filesystem::resize_file(plain + ".gz", std::filesystem::file_size(plain + ".gz") - 6);
  Rejected rejected;
  IndexSummary s =
      run_index_job(dir.str("db"), test::news_schema(), {plain + ".gz"}, {}, rejected.reporter());
  BOOST_TEST(s.indexed == 3u);
  BOOST_TEST(rejected.lines ==
                 std::vector<std::string>{
                     "in.jsonl.gz:4: truncated gzip data; the records before it were read"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
