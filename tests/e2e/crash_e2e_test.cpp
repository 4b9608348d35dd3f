// kill -9 in the middle of an indexing job: the index still opens, at most the uncommitted batch
// is lost, and rerunning the same job converges to the same index (no duplicates).
#include <csignal>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/e2e/process.h"

using namespace dateline::e2e;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

constexpr int kArticles = 6000;

// Deterministic articles with enough text that the job takes a few seconds.
void write_corpus(const std::string& path) {
  static const char* const kWords[] = {"harbour", "council", "ferry",  "budget", "storm",
                                       "school",  "market",  "bridge", "union",  "water",
                                       "police",  "museum",  "trains", "rates",  "farmers"};
  std::mt19937 rng(42);
  std::ofstream out(path);
  for (int i = 0; i < kArticles; ++i) {
    std::string body;
    for (int w = 0; w < 80; ++w) body += std::string(kWords[rng() % 15]) + (w % 12 ? " " : ". ");
    json article = {{"id", "crash-" + std::to_string(i)},
                    {"title", std::string(kWords[i % 15]) + " story " + std::to_string(i)},
                    {"body", body}};
    out << article.dump() << "\n";
  }
}

std::size_t documents(const std::string& db) {
  CommandResult r = run_dateline({"stats", "--db", db, "--json"});
  if (r.exit_code != 0) return 0;
  return json::parse(r.out)["documents"].get<std::size_t>();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(crash_e2e)

BOOST_AUTO_TEST_CASE(kill_9_loses_at_most_a_batch_and_a_rerun_converges) {
  fs::path dir = fs::temp_directory_path() / ("dateline-crash-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::string input = (dir / "corpus.jsonl").string();
  std::string db = (dir / "db").string();
  write_corpus(input);
  // One incremental writer: it commits every 500 changes as it goes.
  std::vector<std::string> job = {"index", "--db",           db,    "--quiet", "--jobs",
                                  "1",     "--commit-every", "500", input};
  {
    Child child(job);
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    std::size_t seen = 0;
    while (std::chrono::steady_clock::now() < deadline && (seen = documents(db)) < 1500) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    child.signal(SIGKILL);
    child.wait(std::chrono::milliseconds(10000));
    BOOST_TEST_MESSAGE("killed the job after seeing " << seen << " committed documents");
  }
  std::size_t after_crash = documents(db);  // the index opens
  BOOST_TEST(after_crash >= 1500u);
  BOOST_TEST(after_crash % 500 == 0u);  // whole batches only
  CommandResult rerun = run_dateline(job, "", std::chrono::seconds(300));
  BOOST_TEST_REQUIRE(rerun.exit_code == 0, rerun.err);
  BOOST_TEST(documents(db) == static_cast<std::size_t>(kArticles));
  CommandResult again = run_dateline(job, "", std::chrono::seconds(300));
  BOOST_TEST(documents(db) == static_cast<std::size_t>(kArticles));
  CommandResult search = run_dateline({"search", "--db", db, "--json", "title:\"story 4321\""});
  BOOST_TEST(json::parse(search.out)["total"]["value"] == 1);
  fs::remove_all(dir);
}

// A bulk build (an empty index, two shard writers) commits nothing to the index until its merge:
// killed before that, the index opens and is still empty, and a rerun builds the same index.
BOOST_AUTO_TEST_CASE(kill_9_during_a_bulk_build_leaves_an_empty_index_and_a_rerun_converges) {
  fs::path dir = fs::temp_directory_path() / ("dateline-bulk-crash-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::string input = (dir / "corpus.jsonl").string();
  std::string db = (dir / "db").string();
  write_corpus(input);
  std::vector<std::string> job = {"index", "--db",         db,     "--quiet", "--jobs",
                                  "2",     "--shard-size", "1000", input};
  {
    Child child(job);
    // Wait until the shard writers have committed something to staging, then kill.
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    fs::path staging = dir / "db.bulk-staging";
    auto shards = [&] {
      std::size_t n = 0;
      std::error_code ec;
      for (auto it = fs::directory_iterator(staging, ec); !ec && it != fs::directory_iterator();
           ++it) {
        ++n;
      }
      return n;
    };
    while (std::chrono::steady_clock::now() < deadline && shards() < 4) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    child.signal(SIGKILL);
    child.wait(std::chrono::milliseconds(10000));
  }
  // The index opens, with nothing half-merged in it (all of it only if the merge won the race).
  std::size_t after_crash = documents(db);
  BOOST_TEST_MESSAGE("bulk build killed; the index has " << after_crash << " documents");
  BOOST_TEST((after_crash == 0u || after_crash == static_cast<std::size_t>(kArticles)));
  CommandResult rerun = run_dateline(job, "", std::chrono::seconds(300));
  BOOST_TEST_REQUIRE(rerun.exit_code == 0, rerun.err);
  BOOST_TEST(documents(db) == static_cast<std::size_t>(kArticles));
  BOOST_TEST(!fs::exists(dir / "db.bulk-staging"));
  CommandResult search = run_dateline({"search", "--db", db, "--json", "title:\"story 4321\""});
  BOOST_TEST(json::parse(search.out)["total"]["value"] == 1);
  fs::remove_all(dir);
}

BOOST_AUTO_TEST_SUITE_END()
