// A sharded index on stock xapian-tcpsrv (docs/SCALING.md): the sample split into 3 shards by
// `dateline reshard`, each shard behind its own xapian-tcpsrv on 127.0.0.1, the spelling
// database local. The same HTTP requests must get the same answers as from the single index
// (the golden diff); a shard that is killed, hung or idle past tcpsrv's timeout must not end the
// server, and must rejoin by itself. Skipped, saying so, when xapian-tcpsrv is not installed.
#include <atomic>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <thread>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/e2e/http_client.h"
#include "tests/e2e/process.h"
#include "tests/e2e/scratch_dir.h"
#include "tests/e2e/tcpsrv.h"
#include "tests/e2e/wait.h"

using namespace dateline::e2e;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

struct HasTcpsrv {
  boost::test_tools::assertion_result operator()(boost::unit_test::test_unit_id) {
    boost::test_tools::assertion_result ok(!tcpsrv_binary().empty());
    if (!ok) ok.message() << "skipped: xapian-tcpsrv (Debian package xapian-tools) not installed";
    return ok;
  }
};

// What differs between two answers, as "path: a | b" lines. Scores and other numbers are equal
// within 1e-9 (relative); the time taken, the shard counts and the search id are not compared.
void json_differences(const json& a, const json& b, const std::string& path,
                      std::vector<std::string>& out) {
  if (a.type() != b.type() && !(a.is_number() && b.is_number())) {
    out.push_back(path + ": " + a.dump() + " | " + b.dump());
    return;
  }
  if (a.is_object()) {
    for (const auto& [key, value] : a.items()) {
      if (key == "took_ms" || key == "shards" || key == "partial" || key == "search_id") continue;
      if (!b.contains(key)) {
        out.push_back(path + "/" + key + ": only in the single index's answer");
        continue;
      }
      json_differences(value, b[key], path + "/" + key, out);
    }
    for (const auto& [key, value] : b.items()) {
      if (key != "shards" && key != "partial" && !a.contains(key)) {
        out.push_back(path + "/" + key + ": only in the sharded answer");
      }
    }
  } else if (a.is_array()) {
    if (a.size() != b.size())
      out.push_back(path + ": " + std::to_string(a.size()) + " items | " +
                    std::to_string(b.size()));
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
      json_differences(a[i], b[i], path + "/" + std::to_string(i), out);
    }
  } else if (a.is_number_float() || b.is_number_float()) {
    double x = a.get<double>(), y = b.get<double>();
    if (std::abs(x - y) > 1e-9 * std::max(1.0, std::abs(x))) {
      out.push_back(path + ": " + a.dump() + " | " + b.dump());
    }
  } else if (a != b) {
    out.push_back(path + ": " + a.dump() + " | " + b.dump());
  }
}

json shard_get_json(unsigned short port, const std::string& target, unsigned* status = nullptr) {
  HttpResult r = http_request(port, "GET", target);
  if (status != nullptr) *status = r.status;
  return json::parse(r.body, nullptr, false);
}

// The sample as one index and as 3 shards, each shard behind a xapian-tcpsrv, and a topology
// file naming them (the spelling database local).
struct ShardedSample {
  ScratchDir dir{"dateline-shards"};
  std::string single;
  std::string sharded;
  std::string topology;
  std::vector<std::unique_ptr<TcpServer>> shards;

  explicit ShardedSample(std::chrono::milliseconds idle_timeout = std::chrono::seconds(60),
                         const std::string& timeout = "3s") {
    single = (dir.path() / "single").string();
    sharded = (dir.path() / "sharded").string();
    CommandResult index = run_dateline(
        {"index", "--quiet", "--db", single, source_path("data/sample/articles.jsonl")});
    BOOST_TEST_REQUIRE(index.exit_code == 0, index.err);
    CommandResult split =
        run_dateline({"reshard", "--db", single, "--out", sharded, "--shards", "3"});
    BOOST_TEST_REQUIRE(split.exit_code == 0, split.err);
    topology = (dir.path() / "remote.topology").string();
    std::ofstream out(topology);
    out << "spelling " << sharded << "/spelling\n";
    for (int k = 0; k < 3; ++k) {
      shards.push_back(
          std::make_unique<TcpServer>(sharded + "/shard-" + std::to_string(k), idle_timeout));
      out << "remote " << shards.back()->address() << " timeout=" << timeout
          << " connect_timeout=500ms\n";
    }
  }
};

// Requests whose answers must not depend on the layout: ranking, phrases, boolean syntax,
// wildcards, did-you-mean, filters, facets, sorts, story collapse, suggestions, related
// articles and stored articles.
const std::vector<std::string> kGoldenRequests = {
    "/v1/search?q=harbour&facets=source,section,month",
    "/v1/search?q=water+rationing",
    "/v1/search?q=%22port+calder%22&per_page=20",
    "/v1/search?q=harb*&facets=source",
    "/v1/search?q=title:port*+OR+ferry",
    "/v1/search?q=presiden*",
    "/v1/search?q=council+NOT+vote",
    "/v1/search?q=wather",
    "/v1/search?q=oil+prices&facets=source",
    "/v1/search?q=storm&sort=oldest",
    "/v1/search?q=&sort=newest&per_page=30&facets=source,section",
    "/v1/search?q=port&page=2&per_page=5",
    "/v1/search?q=port&source=the-harbor-ledger&facets=source",
    "/v1/search?q=strike&collapse=false",
    "/v1/search?q=reserve+bank&facets=source,tag,author,month,lang",
    "/v1/search?q=reserve+bank&tag=economy&facets=tag,source",
    "/v1/search?q=reserve+bank&facets=source,tag&collapse=false",
    "/v1/search?q=interest+rate&sort=newest&facets=source,tag",
    // Small pages of many matches: each shard sends back hits the merge drops, which Xapian
    // 1.4 would count again in an uncollapsed match's spies (server/facets.h).
    "/v1/search?q=port&collapse=false&per_page=2&facets=source,month",
    "/v1/search?q=port&sort=newest&collapse=false&per_page=3&facets=section,tag",
    "/v1/search?q=port&per_page=2&page=3&facets=source",
    "/v1/suggest?q=harb",
    "/v1/suggest?q=port+ca",
    "/v1/articles/mws-2024-0388/related",
    "/v1/articles/ledger-2025-0231/related",
    "/v1/articles/mws-2024-0388",
};

}  // namespace

BOOST_AUTO_TEST_SUITE(shards_e2e, *boost::unit_test::precondition(HasTcpsrv{}))

BOOST_AUTO_TEST_CASE(three_remote_shards_answer_as_the_single_index) {
  ShardedSample sample;
  Server one(sample.single);
  Server three(sample.topology);
  for (const std::string& target : kGoldenRequests) {
    unsigned s1 = 0, s3 = 0;
    json a = shard_get_json(one.port(), target, &s1);
    json b = shard_get_json(three.port(), target, &s3);
    BOOST_TEST(s1 == 200u, target);
    BOOST_TEST(s3 == 200u, target);
    std::vector<std::string> diff;
    json_differences(a, b, "", diff);
    std::string shown;
    for (std::size_t i = 0; i < std::min<std::size_t>(diff.size(), 5); ++i) shown += diff[i] + "\n";
    BOOST_TEST(diff.empty(), target << ": " << diff.size() << " differences\n" << shown);
  }
  json answer = shard_get_json(three.port(), "/v1/search?q=harbour");
  BOOST_TEST(answer["partial"] == false);
  BOOST_TEST(answer["shards"] == (json{{"total", 3}, {"failed", 0}}));
  BOOST_TEST(!shard_get_json(one.port(), "/v1/search?q=harbour").contains("shards"));
  json stats = shard_get_json(three.port(), "/v1/stats");
  BOOST_TEST(stats["documents"] == shard_get_json(one.port(), "/v1/stats")["documents"]);
  BOOST_TEST_REQUIRE(stats["shards"].size() == 3u);
  for (const json& shard : stats["shards"]) {
    BOOST_TEST(shard.value("behind_seconds", -1) == 0, shard.dump());  // every part committed alike
  }
  BOOST_TEST(http_request(three.port(), "GET", "/metrics")
                 .body.find("dateline_shard_behind_seconds{shard=") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_killed_shard_is_left_out_and_rejoins_when_it_is_back) {
  ShardedSample sample;
  Server three(sample.topology);
  json whole = shard_get_json(three.port(), "/v1/search?q=port&per_page=50");
  sample.shards[1]->kill9();  // the listener and the connection process it forked
  unsigned status = 0;
  json partial = shard_get_json(three.port(), "/v1/search?q=port&per_page=50", &status);
  BOOST_TEST_REQUIRE(status == 200u, partial.dump());
  BOOST_TEST(partial["partial"] == true);
  BOOST_TEST(partial["shards"] == (json{{"total", 3}, {"failed", 1}}));
  BOOST_TEST(partial["total"]["value"].get<int>() < whole["total"]["value"].get<int>());
  BOOST_TEST(partial["hits"].size() > 0u);
  json health = shard_get_json(three.port(), "/healthz", &status);
  BOOST_TEST(status == 200u);
  BOOST_TEST(health["status"] == "degraded");
  BOOST_TEST(health["shards"][1]["up"] == false);
  HttpResult metrics = http_request(three.port(), "GET", "/metrics");
  BOOST_TEST(metrics.body.find("dateline_shard_up{shard=\"" + sample.shards[1]->address() +
                               "\"} 0") != std::string::npos);

  sample.shards[1]->restart();
  bool rejoined = eventually(
      [&] {
        json again = shard_get_json(three.port(), "/v1/search?q=port&per_page=50");
        return again.value("partial", true) == false;
      },
      std::chrono::seconds(45));
  BOOST_TEST(rejoined);
  BOOST_TEST(shard_get_json(three.port(), "/v1/search?q=port&per_page=50")["total"] ==
             whole["total"]);
  BOOST_TEST(shard_get_json(three.port(), "/healthz")["status"] == "ok");
}

BOOST_AUTO_TEST_CASE(a_hung_shard_costs_its_timeout_once_then_is_left_out) {
  ShardedSample sample(std::chrono::seconds(60), "1s");
  Server three(sample.topology);
  BOOST_TEST(shard_get_json(three.port(), "/v1/search?q=port")["partial"] == false);
  sample.shards[2]->signal_group(SIGSTOP);
  auto start = std::chrono::steady_clock::now();
  unsigned status = 0;
  json answer = shard_get_json(three.port(), "/v1/search?q=port", &status);
  auto took = std::chrono::steady_clock::now() - start;
  BOOST_TEST(status == 200u, answer.dump());
  BOOST_TEST(answer["partial"] == true);
  // The shard's 1 s timeout plus a margin for a loaded machine; the HTTP client gives up at 5 s.
  BOOST_TEST(took < std::chrono::milliseconds(4500));
  sample.shards[2]->signal_group(SIGCONT);
  BOOST_TEST(eventually(
      [&] {
        return shard_get_json(three.port(), "/v1/search?q=port").value("partial", true) == false;
      },
      std::chrono::seconds(45)));
}

BOOST_AUTO_TEST_CASE(connections_closed_by_the_idle_timeout_are_reopened_unseen) {
  ShardedSample sample(std::chrono::milliseconds(300));
  Server three(sample.topology, 1);
  BOOST_TEST(shard_get_json(three.port(), "/v1/search?q=port")["partial"] == false);
  // Wait until every shard has closed the server's idle connection.
  BOOST_TEST(eventually(
      [&] {
        for (const auto& shard : sample.shards) {
          if (shard->connections() != 0) return false;
        }
        return true;
      },
      std::chrono::seconds(20)));
  unsigned status = 0;
  json answer = shard_get_json(three.port(), "/v1/search?q=port", &status);
  BOOST_TEST(status == 200u, answer.dump());
  BOOST_TEST(answer["partial"] == false);
  BOOST_TEST(answer["shards"]["failed"] == 0);
}

BOOST_AUTO_TEST_CASE(require_all_shards_answers_503_while_one_is_down) {
  ShardedSample sample;
  Server three(sample.topology, 2, {"--require-all-shards", "true"});
  sample.shards[0]->kill9();
  unsigned status = 0;
  json answer = shard_get_json(three.port(), "/v1/search?q=port", &status);
  BOOST_TEST(status == 503u);
  BOOST_TEST(answer["error"]["code"] == "unavailable");
  sample.shards[0]->restart();
  BOOST_TEST(eventually(
      [&] {
        unsigned s = 0;
        shard_get_json(three.port(), "/v1/search?q=port", &s);
        return s == 200u;
      },
      std::chrono::seconds(45)));
}

// `dateline index --shards` makes a sharded index and writes each article to its id's shard;
// later upserts and deletes, from the CLI and the admin API, land in the same shards, and the
// answers stay those of one index fed the same.
BOOST_AUTO_TEST_CASE(a_sharded_index_is_built_and_updated_in_place) {
  ScratchDir dir("dateline-shards-write");
  std::string single = dir.path("single");
  std::string sharded = dir.path("sharded");
  std::string sample = source_path("data/sample/articles.jsonl");
  BOOST_TEST_REQUIRE(run_dateline({"index", "--quiet", "--db", single, sample}).exit_code == 0);
  CommandResult made = run_dateline({"index", "--quiet", "--db", sharded, "--shards", "3", sample});
  BOOST_TEST_REQUIRE(made.exit_code == 0, made.err);
  BOOST_TEST(fs::exists(fs::path(sharded) / "topology"));
  // Another count is refused, and so is a single index.
  BOOST_TEST(run_dateline({"index", "--db", sharded, "--shards", "2", sample}).exit_code == 1);
  BOOST_TEST(run_dateline({"index", "--db", single, "--shards", "2", sample}).exit_code == 1);

  const std::string update = json{{"id", "mws-2024-0019"},
                                  {"title", "Zanzibar ferry timetable restored after the storm"},
                                  {"body", "The Zanzibar ferry sails again, the operator said."},
                                  {"published_at", "2024-01-16T08:00:00Z"}}
                                 .dump() +
                             "\n";
  for (const std::string& db : {single, sharded}) {
    BOOST_TEST_REQUIRE(run_dateline({"index", "--quiet", "--db", db, "-"}, update).exit_code == 0);
    BOOST_TEST_REQUIRE(run_dateline({"delete", "--db", db, "--id", "ledger-2025-0231"}).exit_code ==
                       0);
  }
  constexpr const char* kKey = "e2e-admin-key-shards-0b8d2c1e";
  Server one(single, 2, {"--admin-key", kKey});
  Server three(sharded, 2, {"--admin-key", kKey});
  const std::string posted = json{
      {"id", "e2e-posted-1"},
      {"title", "Harbour pilots vote on the new Zanzibar roster"},
      {"body", "Pilots at the harbour voted on Tuesday."},
      {"published_at",
       "2025-07-01T09:30:00Z"}}.dump();
  for (unsigned short port : {one.port(), three.port()}) {
    std::string raw =
        "POST /v1/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        "Authorization: Bearer " +
        std::string(kKey) + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: " +
        std::to_string(posted.size()) + "\r\n\r\n" + posted;
    HttpResult r = http_raw(port, raw);
    BOOST_TEST(r.status == 200u, r.body);
  }
  for (const std::string target :
       {"/v1/search?q=zanzibar", "/v1/search?q=harbour&facets=source", "/v1/search?q=dockworkers",
        "/v1/suggest?q=zanz", "/v1/articles/e2e-posted-1", "/v1/articles/mws-2024-0019/related"}) {
    unsigned s1 = 0, s3 = 0;
    json a = shard_get_json(one.port(), target, &s1);
    json b = shard_get_json(three.port(), target, &s3);
    BOOST_TEST(s1 == s3, target);
    std::vector<std::string> diff;
    json_differences(a, b, "", diff);
    BOOST_TEST(diff.empty(), target << ": " << (diff.empty() ? "" : diff[0]));
  }
  BOOST_TEST(shard_get_json(three.port(), "/v1/search?q=zanzibar")["total"]["value"] == 2);
  BOOST_TEST(shard_get_json(three.port(), "/v1/stats")["documents"] ==
             shard_get_json(one.port(), "/v1/stats")["documents"]);
}

// A replica kept by stock xapian-replicate: `dateline serve` on it answers every request while
// changesets and full copies (each switching the replica to a new directory and removing the
// old one) arrive, and sees what the master committed.
BOOST_AUTO_TEST_CASE(a_replica_is_served_through_changesets_and_full_copies) {
  BOOST_TEST_REQUIRE(!xapian_tool("xapian-replicate").empty());
  ScratchDir dir("dateline-replica");
  fs::create_directories(dir.path() / "master");
  fs::create_directories(dir.path() / "replica");
  std::string master = dir.path("master/news");
  std::string replica = dir.path("replica/news");
  BOOST_TEST_REQUIRE(
      run_dateline({"index", "--quiet", "--db", master, source_path("data/sample/articles.jsonl")})
          .exit_code == 0);
  TcpServer replication("xapian-replicate-server",
                        {"--interface", "127.0.0.1", "--port", "{port}", dir.path("master")});
  auto replicate = [&](bool full_copy) {
    // One pass, bounded; -r 0: apply changesets without waiting for readers to close.
    std::string command = "timeout 60 " + xapian_tool("xapian-replicate") +
                          " --host 127.0.0.1 --port " + std::to_string(replication.port()) +
                          " --master news --one-shot --quiet --reader-time 0 " +
                          (full_copy ? "--force-copy " : "") + replica + " >/dev/null 2>&1";
    return std::system(command.c_str()) == 0;
  };
  BOOST_TEST_REQUIRE(replicate(false));
  Server server(replica, 2);
  std::atomic<bool> stop{false};
  std::atomic<int> answered{0}, failed{0};
  std::string first_failure;
  std::thread readers([&] {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    for (int i = 0; i < 100000 && !stop && std::chrono::steady_clock::now() < deadline; ++i) {
      HttpResult r = http_request(server.port(), "GET", "/v1/search?q=harbour&facets=source");
      if (r.status == 200) {
        ++answered;
      } else if (failed++ == 0) {
        first_failure = std::to_string(r.status) + " " + r.body;
      }
    }
  });
  for (int round = 0; round < 3; ++round) {
    std::string id = "replica-round-" + std::to_string(round);
    std::string article = json{{"id", id},
                               {"title", "Harbour replica round " + std::to_string(round)},
                               {"body", "Written on the master."},
                               {"published_at", "2025-07-01T09:30:00Z"}}
                              .dump() +
                          "\n";
    BOOST_TEST_REQUIRE(
        run_dateline({"index", "--quiet", "-j", "1", "--db", master, "-"}, article).exit_code == 0);
    BOOST_TEST(replicate(round % 2 == 1));  // a changeset, then a full copy, then a changeset
    BOOST_TEST(eventually(
        [&] { return http_request(server.port(), "GET", "/v1/articles/" + id).status == 200u; },
        std::chrono::seconds(10)));
    BOOST_TEST(replicate(true));  // a full copy switches the replica's directory
  }
  stop = true;
  readers.join();
  BOOST_TEST(failed.load() == 0, first_failure);
  BOOST_TEST(answered.load() > 0);
  BOOST_TEST(shard_get_json(server.port(), "/v1/stats")["documents"] ==
             shard_get_json(server.port(), "/v1/stats")["documents"]);
}

BOOST_AUTO_TEST_SUITE_END()
