// Search analytics through the real binary: a search and a click are counted, the counts survive
// a restart, the access log keeps the reader's address and words out, and the off switch.

#include <filesystem>
#include <fstream>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/e2e/http_client.h"
#include "tests/e2e/process.h"
#include "tests/e2e/scratch_dir.h"
#include "tests/e2e/wait.h"

using namespace dateline::e2e;
using namespace std::chrono_literals;
using nlohmann::json;

namespace {

constexpr const char* kKey = "e2e-analytics-key-5d2f";

HttpResult analytics_send(unsigned short port, const std::string& method, const std::string& target,
                          const std::string& key = "", const std::string& body = "") {
  std::string raw = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!key.empty()) raw += "Authorization: Bearer " + key + "\r\n";
  raw += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  return http_raw(port, raw);
}

json analytics_totals(unsigned short port) {
  HttpResult r = analytics_send(port, "GET", "/v1/analytics", kKey);
  if (r.status != 200) return json::object();
  return json::parse(r.body)["totals"];
}

std::string read_log(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

struct AnalyticsServed {
  ScratchDir scratch{"dateline-analytics-e2e"};
  std::string db = scratch.path("db");

  AnalyticsServed() {
    CommandResult r = run_dateline({"index", "--db", db, source_path("tests/data/mini.jsonl")});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(analytics_e2e, AnalyticsServed)

BOOST_AUTO_TEST_CASE(counts_a_search_and_a_click_across_a_restart) {
  {
    Server server(db, 2, {"--analytics-key", kKey});
    HttpResult search = http_request(server.port(), "GET", "/v1/search?q=Interest+Rate");
    BOOST_TEST_REQUIRE(search.status == 200u);
    std::string id = json::parse(search.body)["search_id"];
    json click = {{"search_id", id}, {"id", "m3"}, {"position", 1}};
    BOOST_TEST(analytics_send(server.port(), "POST", "/v1/events/click", "", click.dump()).status ==
               204u);
    BOOST_TEST(analytics_send(server.port(), "GET", "/v1/analytics").status == 401u);
    BOOST_TEST(eventually(
        [&] {
          json t = analytics_totals(server.port());
          return t.value("searches", 0) == 1 && t.value("clicks", 0) == 1;
        },
        5s));
    // The access log has the path, not the words searched for nor the reader's address.
    std::string log = read_log(server.process().stderr_path());
    BOOST_TEST(log.find("target=\"/v1/search\"") != std::string::npos, log);
    BOOST_TEST(log.find("Interest") == std::string::npos, log);
    BOOST_TEST(log.find("remote=-") != std::string::npos, log);
    BOOST_TEST(log.find("remote=127.0.0.1") == std::string::npos, log);
  }
  BOOST_TEST(std::filesystem::exists(db + ".analytics.sqlite"));
  Server again(db, 1, {"--analytics-key", kKey});
  json t = analytics_totals(again.port());
  BOOST_TEST(t["searches"] == 1);
  BOOST_TEST(t["clicks"] == 1);
  BOOST_TEST(t["click_through"] == 1.0);
}

BOOST_AUTO_TEST_CASE(off_switch_gives_no_search_id_and_no_store) {
  Server server(db, 1, {"--analytics", "false", "--access-log-query", "true"});
  HttpResult search = http_request(server.port(), "GET", "/v1/search?q=harbour");
  BOOST_TEST(search.status == 200u);
  BOOST_TEST(!json::parse(search.body).contains("search_id"));
  BOOST_TEST(!std::filesystem::exists(db + ".analytics.sqlite"));
  BOOST_TEST(eventually(
      [&] {
        return read_log(server.process().stderr_path()).find("q=harbour") != std::string::npos;
      },
      5s));
}

BOOST_AUTO_TEST_SUITE_END()
