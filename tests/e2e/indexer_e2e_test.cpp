#include <filesystem>
#include <random>
#include <thread>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/e2e/process.h"
#include "tests/e2e/scratch_dir.h"
#include "tests/e2e/wait.h"

using namespace dateline::e2e;
using nlohmann::json;

namespace {

struct Workspace {
  ScratchDir scratch{"dateline-e2e"};
  const std::filesystem::path& dir = scratch.path();
  std::string db() const { return (dir / "db").string(); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(indexer_e2e, Workspace)

BOOST_AUTO_TEST_CASE(indexes_the_bundled_sample_and_reindexing_changes_nothing) {
  std::string sample = source_path("data/sample/articles.jsonl");
  CommandResult first = run_dateline({"index", "--db", db(), "--json", sample});
  BOOST_TEST_REQUIRE(first.exit_code == 0, first.err);
  json summary = json::parse(first.out);
  BOOST_TEST(summary["indexed"].get<int>() >= 60);
  BOOST_TEST(summary["rejected"] == 0);
  CommandResult second = run_dateline({"index", "--db", db(), "--json", sample});
  BOOST_TEST_REQUIRE(second.exit_code == 0, second.err);
  BOOST_TEST(json::parse(second.out)["documents"] == summary["documents"]);
}

BOOST_AUTO_TEST_CASE(bad_records_are_reported_and_the_rest_indexed) {
  std::string bad = source_path("tests/data/bad.jsonl");
  CommandResult r = run_dateline({"index", "--db", db(), "--json", bad});
  BOOST_TEST(r.exit_code == 2);
  std::string expected =
      bad + ":2: missing title\n" + bad +
      ":4: invalid JSON at column 37: syntax error while parsing object key - unexpected "
      "end of input; expected string literal\n" +
      bad +
      ":5: published_at: unrecognised date 'the day after tomorrow' (expected RFC 3339, "
      "RFC 2822 or unix seconds)\n" +
      bad + ":6: missing id (and no url to use instead)\n" + bad +
      ":7: authors must contain only strings\n";
  BOOST_TEST(r.err == expected);
  json summary = json::parse(r.out);
  BOOST_TEST(summary["read"] == 8);
  BOOST_TEST(summary["indexed"] == 3);
  BOOST_TEST(summary["rejected"] == 5);
  CommandResult search = run_dateline({"search", "--db", db(), "--json", "good record"});
  BOOST_TEST(json::parse(search.out)["total"]["value"] == 3);
}

BOOST_AUTO_TEST_CASE(deletes_by_id_from_a_jsonl_line) {
  std::string sample = source_path("tests/data/mini.jsonl");
  BOOST_TEST_REQUIRE(run_dateline({"index", "--db", db(), sample}).exit_code == 0);
  CommandResult r =
      run_dateline({"index", "--db", db(), "--json", "-"}, "{\"op\":\"delete\",\"id\":\"m1\"}\n");
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(json::parse(r.out)["deleted"] == 1);
  BOOST_TEST(json::parse(r.out)["documents"] == 7);
}

BOOST_AUTO_TEST_CASE(a_second_writer_gets_the_lock_error_or_waits) {
  BOOST_TEST_REQUIRE(
      run_dateline({"index", "--db", db(), source_path("tests/data/mini.jsonl")}).exit_code == 0);
  // The first writer holds the lock while it waits for more input on stdin.
  Child holder({"index", "--db", db(), "-"});
  // Wait until it holds the lock, without competing for it: a probe that tried to write could take
  // the lock first and make the holder fail instead.
  BOOST_TEST_REQUIRE(eventually([&] { return write_locked(db()); }, std::chrono::seconds(10)));
  CommandResult second = run_dateline({"index", "--db", db(), source_path("tests/data/bad.jsonl")});
  BOOST_TEST(second.exit_code == 1);
  BOOST_TEST(second.err == "dateline index: index is locked by another writer: " + db() + "\n");

  Child waiter({"index", "--db", db(), "--wait", "--json", source_path("tests/data/bad.jsonl")});
  BOOST_TEST(waiter.wait(std::chrono::milliseconds(500)) == -1);  // still waiting
  holder.close_stdin();
  BOOST_TEST(holder.wait(std::chrono::seconds(30)) == 0);
  BOOST_TEST(waiter.wait(std::chrono::seconds(30)) == 2);  // it ran: bad.jsonl has rejects
}

BOOST_AUTO_TEST_CASE(missing_input_is_fatal_and_creates_nothing) {
  CommandResult r = run_dateline({"index", "--db", db(), (dir / "nope.jsonl").string()});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err ==
             "dateline index: cannot open " + (dir / "nope.jsonl").string() + ": no such file\n");
  BOOST_TEST(!std::filesystem::exists(db()));
}

BOOST_AUTO_TEST_SUITE_END()
