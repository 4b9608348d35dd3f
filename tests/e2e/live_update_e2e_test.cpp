// Live updates under load: while two clients search without pause, `dateline index` commits new
// articles several times; each must be searchable within 1 s of its commit, and no search may
// fail. Bounded in requests and in time; loopback only.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/e2e/http_client.h"
#include "tests/e2e/process.h"
#include "tests/e2e/wait.h"

using namespace dateline::e2e;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

constexpr int kCommits = 5;
constexpr int kClients = 2;
constexpr int kMaxRequestsPerClient = 50'000;
constexpr auto kMaxLoadTime = 60s;

struct LoadStats {
  std::atomic<long> requests{0};
  std::atomic<long> non_2xx{0};
  std::atomic<long> errors{0};
};

// Searches in a loop until `stop`, the request bound or the time bound.
void search_loop(unsigned short port, const std::atomic<bool>& stop, LoadStats& stats, int seed) {
  const char* queries[] = {"harbour",  "interest rate", "water rationing", "port expansion",
                           "sea wall", "election",      "title:harbour"};
  auto deadline = Clock::now() + kMaxLoadTime;
  for (int i = 0; i < kMaxRequestsPerClient && !stop && Clock::now() < deadline; ++i) {
    std::string q = queries[(i + seed) % 7];
    try {
      HttpResult r = http_request(port, "GET", "/v1/search?per_page=5&q=" + url_encode(q));
      if (r.status < 200 || r.status > 299) ++stats.non_2xx;
    } catch (const std::exception&) {
      ++stats.errors;
    }
    ++stats.requests;
  }
}

// Whether a search for `query` finds the article `id` (by id: a near-miss word may still match
// other articles through spelling correction; without collapsing: the test articles are alike
// enough to be clustered into one story).
bool finds(unsigned short port, const std::string& query, const std::string& id) {
  HttpResult r = http_request(port, "GET", "/v1/search?collapse=false&q=" + url_encode(query));
  if (r.status != 200) return false;
  json body = json::parse(r.body);
  for (const json& hit : body["hits"]) {
    if (hit["id"] == id) return true;
  }
  return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(live_update_e2e)

BOOST_AUTO_TEST_CASE(commits_become_searchable_within_a_second_under_load) {
  std::random_device rd;
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("dateline-live-e2e-" + std::to_string(rd()));
  std::filesystem::create_directories(dir);
  std::string db = (dir / "db").string();
  CommandResult indexed = run_dateline({"index", "--db", db, source_path("tests/data/mini.jsonl"),
                                        source_path("data/sample/articles.jsonl")});
  BOOST_TEST_REQUIRE(indexed.exit_code == 0, indexed.err);
  {
    Server server(db, 2);
    std::atomic<bool> stop{false};
    LoadStats stats;
    std::vector<std::thread> clients;
    for (int c = 0; c < kClients; ++c) {
      clients.emplace_back(search_loop, server.port(), std::cref(stop), std::ref(stats), c * 3);
    }
    // The load is running before the first commit: every client has had answers.
    BOOST_TEST_REQUIRE(eventually([&] { return stats.requests.load() >= 4 * kClients; }, 10s));

    for (int k = 0; k < kCommits; ++k) {
      const char* words[kCommits] = {"quokka", "narwhal", "axolotl", "pangolin", "ocelot"};
      std::string word = words[k], id = "live-" + std::to_string(k);
      std::string file = (dir / ("live-" + std::to_string(k) + ".jsonl")).string();
      std::ofstream(file) << json{{"id", id},
                                  {"title", "Bulletin " + word},
                                  {"body", "A late bulletin about " + word + " from the wire."},
                                  {"published_at", "2025-08-01T12:00:00Z"}}
                                 .dump()
                          << "\n";
      BOOST_TEST(!finds(server.port(), word, id));
      CommandResult r = run_dateline({"index", "--db", db, "--wait", file});
      // The commit is the job's last step, so its exit is (an upper bound on) the commit time.
      auto committed = Clock::now();
      BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
      bool found = false;
      while (!found && Clock::now() - committed < 1s) {
        found = finds(server.port(), word, id);
        if (!found) std::this_thread::sleep_for(10ms);
      }
      auto took = std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - committed);
      BOOST_TEST(found, word << " not searchable " << took.count() << " ms after its commit");
      BOOST_TEST_MESSAGE(word << " searchable after " << took.count() << " ms");
      // Searches between commits too.
      long seen = stats.requests.load();
      BOOST_TEST(eventually([&] { return stats.requests.load() >= seen + 4 * kClients; }, 10s));
    }
    stop = true;
    for (std::thread& t : clients) t.join();
    BOOST_TEST_MESSAGE("live update load: " << stats.requests << " searches");
    BOOST_TEST(stats.requests.load() > 0);
    BOOST_TEST(stats.non_2xx.load() == 0);
    BOOST_TEST(stats.errors.load() == 0);
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

BOOST_AUTO_TEST_SUITE_END()
