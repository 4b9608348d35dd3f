#include <filesystem>
#include <random>
#include <thread>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <signal.h>

#include "tests/e2e/http_client.h"
#include "tests/e2e/process.h"

using namespace dateline::e2e;
using nlohmann::json;

namespace {

// One index of the test fixture and a running server over it, shared by the suite.
struct ServedIndex {
  std::filesystem::path dir;
  std::unique_ptr<Server> server;

  ServedIndex() {
    std::random_device rd;
    dir = std::filesystem::temp_directory_path() / ("dateline-e2e-" + std::to_string(rd()));
    std::filesystem::create_directories(dir);
    CommandResult r = run_dateline({"index", "--db", db(), source_path("tests/data/mini.jsonl"),
                                    source_path("data/sample/articles.jsonl")});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    server = std::make_unique<Server>(db());
  }
  ~ServedIndex() {
    server.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::string db() const { return (dir / "db").string(); }

  json get(const std::string& target, unsigned expected_status = 200) {
    HttpResult r = http_request(server->port(), "GET", target);
    BOOST_TEST(r.status == expected_status, target << " -> " << r.body);
    BOOST_TEST(r.header("Content-Type") == "application/json; charset=utf-8");
    return json::parse(r.body);
  }
};

std::vector<std::string> ids(const json& response) {
  std::vector<std::string> out;
  for (const auto& hit : response["hits"]) out.push_back(hit["id"].get<std::string>());
  return out;
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(server_e2e, ServedIndex)

BOOST_AUTO_TEST_CASE(search_ranks_and_highlights) {
  json r = get("/v1/search?q=" + url_encode("harbour expansion pellham"));
  BOOST_TEST_REQUIRE(!r["hits"].empty());
  BOOST_TEST(r["hits"][0]["id"] == "m1");
  std::string title = r["hits"][0]["highlight"]["title"];
  BOOST_TEST(title == "<mark>Harbour</mark> authority approves port <mark>expansion</mark>");
  std::string body = r["hits"][0]["highlight"]["body"][0];
  BOOST_TEST(body.find("<mark>") != std::string::npos);
  BOOST_TEST(body.size() < 400u);

  json phrase = get("/v1/search?q=" + url_encode("\"interest rate\" source:\"The Harbor Ledger\""));
  BOOST_TEST_REQUIRE(!phrase["hits"].empty());
  BOOST_TEST(phrase["hits"][0]["id"] == "m3");
}

BOOST_AUTO_TEST_CASE(document_markup_comes_back_escaped) {
  json r = get("/v1/search?q=script+injection");
  BOOST_TEST_REQUIRE(!r["hits"].empty());
  BOOST_TEST(r["hits"][0]["id"] == "m6");
  for (const auto& fragment : r["hits"][0]["highlight"]["body"]) {
    std::string text = fragment;
    BOOST_TEST(text.find("<script>") == std::string::npos, text);
    BOOST_TEST(text.find("&lt;") != std::string::npos, text);
  }
  HttpResult raw = http_request(server->port(), "GET", "/v1/articles/m6");
  BOOST_TEST(raw.status == 200u);
  BOOST_TEST(raw.body.find("<script>") == std::string::npos);
  BOOST_TEST(raw.body.find("\\u003cscript\\u003e") != std::string::npos);
  BOOST_TEST(json::parse(raw.body)["body"].get<std::string>().find("<script>alert(1)</script>") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(pages_and_totals) {
  json p1 = get("/v1/search?q=&per_page=5&page=1");
  json p2 = get("/v1/search?q=&per_page=5&page=2");
  BOOST_TEST(p1["hits"].size() == 5u);
  BOOST_TEST(p1["total"]["relation"] == "eq");
  for (const auto& id : ids(p2)) {
    auto first = ids(p1);
    BOOST_TEST((std::find(first.begin(), first.end(), id) == first.end()), id);
  }
  BOOST_TEST(p1["hits"][0]["published_at"].get<std::string>() >=
             p2["hits"][0]["published_at"].get<std::string>());
}

BOOST_AUTO_TEST_CASE(errors_are_json_with_4xx) {
  json e = get("/v1/search?q=x&per_page=0", 400);
  BOOST_TEST(e["error"]["code"] == "invalid_argument");
  BOOST_TEST(e["error"]["message"] == "per_page must be 1..100");
  get("/v1/search?page=-1", 400);
  get("/v1/nothing", 404);
  get("/v1/articles/does-not-exist", 404);
  HttpResult post = http_request(server->port(), "PUT", "/v1/search", "{}");
  BOOST_TEST(post.status == 405u);
  HttpResult garbage = http_raw(server->port(), "THIS IS NOT HTTP\r\n\r\n");
  BOOST_TEST(garbage.status == 400u);
  BOOST_TEST(json::parse(garbage.body)["error"]["code"] == "bad_request");
  HttpResult huge = http_raw(server->port(), "GET /v1/search?q=" + std::string(40000, 'a') +
                                                 " HTTP/1.1\r\nHost: x\r\n\r\n");
  BOOST_TEST(huge.status == 414u);  // the request line is over its own limit first
  json health = get("/healthz");
  BOOST_TEST(health["status"] == "ok");
}

BOOST_AUTO_TEST_CASE(new_commits_are_searchable_without_restart) {
  BOOST_TEST(get("/v1/search?q=zeppelin")["hits"].empty());
  CommandResult r = run_dateline({"index", "--db", db(), "-"},
                                 R"({"id":"z1","title":"Zeppelin lands in Pellham"})"
                                 "\n");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(ids(get("/v1/search?q=zeppelin")) == std::vector<std::string>{"z1"},
             boost::test_tools::per_element());
  run_dateline({"index", "--db", db(), "-"}, R"({"op":"delete","id":"z1"})"
                                             "\n");
  BOOST_TEST(get("/v1/search?q=zeppelin")["hits"].empty());
}

BOOST_AUTO_TEST_CASE(many_concurrent_requests_are_all_answered) {
  std::vector<std::thread> clients;
  std::atomic<int> ok{0};
  for (int c = 0; c < 4; ++c) {
    clients.emplace_back([&, c] {
      for (int i = 0; i < 25; ++i) {
        HttpResult r = http_request(server->port(), "GET",
                                    "/v1/search?q=rate&page=" + std::to_string(1 + (i + c) % 3));
        if (r.status == 200) ++ok;
      }
    });
  }
  for (auto& t : clients) t.join();
  BOOST_TEST(ok.load() == 100);
}

BOOST_AUTO_TEST_CASE(sigterm_stops_the_server_cleanly) {
  Server extra(db(), 1);
  BOOST_TEST(http_request(extra.port(), "GET", "/healthz").status == 200u);
  extra.process().signal(SIGTERM);
  BOOST_TEST(extra.process().wait(std::chrono::seconds(15)) == 0);
}

BOOST_AUTO_TEST_SUITE_END()
