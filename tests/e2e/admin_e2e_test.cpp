// The admin write API end to end: key checks, a POST with a bad line, DELETE, and a CLI writer
// using the same index afterwards (the server does not keep the write lock).
#include <filesystem>
#include <fstream>
#include <random>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/e2e/http_client.h"
#include "tests/e2e/process.h"

using namespace dateline::e2e;
using nlohmann::json;

namespace {

constexpr const char* kAdminKey = "e2e-admin-key-5f1c9a7d";
constexpr const char* kSearchKey = "e2e-search-key-83b2e6a0";

// One request with an optional bearer key, on its own connection.
HttpResult send(unsigned short port, const std::string& method, const std::string& target,
                const std::string& key = "", const std::string& body = "") {
  std::string raw = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!key.empty()) raw += "Authorization: Bearer " + key + "\r\n";
  if (!body.empty()) raw += "Content-Type: application/x-ndjson\r\n";
  raw += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  return http_raw(port, raw);
}

std::string article(const std::string& id, const std::string& title) {
  return json{{"id", id},
              {"title", title},
              {"body", title + ", reported by the e2e desk."},
              {"published_at", "2025-07-01T09:30:00Z"}}
      .dump();
}

struct AdminServer {
  std::filesystem::path dir;
  std::unique_ptr<Server> server;

  AdminServer() {
    std::random_device rd;
    dir = std::filesystem::temp_directory_path() / ("dateline-admin-e2e-" + std::to_string(rd()));
    std::filesystem::create_directories(dir);
    CommandResult r = run_dateline({"index", "--db", db(), source_path("tests/data/mini.jsonl")});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    server =
        std::make_unique<Server>(db(), 2,
                                 std::vector<std::string>{"--admin-key", kAdminKey, "--search-key",
                                                          kSearchKey, "--write-lock-wait", "2s"});
  }
  ~AdminServer() {
    server.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::string db() const { return (dir / "db").string(); }
  unsigned short port() const { return server->port(); }

  std::uint64_t hits(const std::string& query) {
    HttpResult r = send(port(), "GET", "/v1/search?q=" + url_encode(query), kSearchKey);
    BOOST_TEST_REQUIRE(r.status == 200u, r.body);
    return json::parse(r.body)["total"]["value"].get<std::uint64_t>();
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(admin_e2e, AdminServer)

BOOST_AUTO_TEST_CASE(writes_check_the_admin_key) {
  std::string body = article("k1", "Lighthouse keeper retires") + "\n";
  HttpResult missing = send(port(), "POST", "/v1/articles", "", body);
  BOOST_TEST(missing.status == 401u);
  BOOST_TEST(missing.header("WWW-Authenticate").rfind("Bearer", 0) == 0u);
  BOOST_TEST(json::parse(missing.body)["error"]["code"] == "unauthorized");
  BOOST_TEST(send(port(), "POST", "/v1/articles", "e2e-wrong-key-00000000", body).status == 403u);
  BOOST_TEST(send(port(), "POST", "/v1/articles", kSearchKey, body).status == 403u);
  BOOST_TEST(send(port(), "DELETE", "/v1/articles/m1").status == 401u);
  BOOST_TEST(hits("lighthouse keeper") == 0u);
  HttpResult right = send(port(), "POST", "/v1/articles", kAdminKey, body);
  BOOST_TEST(right.status == 200u, right.body);
  BOOST_TEST(json::parse(right.body)["errors"] == false);
  BOOST_TEST(hits("lighthouse keeper") == 1u);
}

BOOST_AUTO_TEST_CASE(search_checks_the_search_key) {
  BOOST_TEST(send(port(), "GET", "/v1/search?q=harbour").status == 401u);
  BOOST_TEST(send(port(), "GET", "/v1/search?q=harbour", "e2e-wrong-key-00000000").status == 403u);
  BOOST_TEST(send(port(), "GET", "/v1/search?q=harbour", kSearchKey).status == 200u);
  BOOST_TEST(send(port(), "GET", "/healthz").status == 200u);
}

BOOST_AUTO_TEST_CASE(post_with_a_bad_line_is_422_and_keeps_the_good_lines) {
  std::string body = article("p1", "Glassworks reopens in Pellham") + "\n" +
                     "{\"id\":\"p2\",\"body\":\"an article without a title\"}\n" +
                     article("p3", "Orchard cooperative sells cider") + "\n";
  HttpResult r = send(port(), "POST", "/v1/articles", kAdminKey, body);
  BOOST_TEST(r.status == 422u, r.body);
  json report = json::parse(r.body);
  BOOST_TEST(report["errors"] == true);
  BOOST_TEST(report["indexed"] == 2);
  BOOST_TEST(report["rejected"] == 1);
  BOOST_TEST(report["results"][0]["line"] == 2);
  BOOST_TEST(report["results"][0]["error"] == "missing title");
  BOOST_TEST(hits("glassworks") == 1u);
  BOOST_TEST(hits("cider orchard") == 1u);
  BOOST_TEST(send(port(), "GET", "/v1/articles/p2", kSearchKey).status == 404u);
}

BOOST_AUTO_TEST_CASE(delete_removes_then_answers_404) {
  std::uint64_t before = hits("harbour");
  BOOST_TEST_REQUIRE(before > 0u);
  HttpResult r = send(port(), "DELETE", "/v1/articles/m1", kAdminKey);
  BOOST_TEST(r.status == 200u, r.body);
  BOOST_TEST(send(port(), "GET", "/v1/articles/m1", kSearchKey).status == 404u);
  BOOST_TEST(hits("harbour") == before - 1);
  HttpResult again = send(port(), "DELETE", "/v1/articles/m1", kAdminKey);
  BOOST_TEST(again.status == 404u);
  BOOST_TEST(json::parse(again.body)["error"]["code"] == "not_found");
}

BOOST_AUTO_TEST_CASE(cli_writer_can_write_between_server_writes) {
  BOOST_TEST(send(port(), "POST", "/v1/articles", kAdminKey, article("c1", "Canal lock repaired"))
                 .status == 200u);
  std::string file = (dir / "more.jsonl").string();
  std::ofstream(file) << article("c2", "Canal barge festival") << "\n";
  CommandResult r = run_dateline({"index", "--db", db(), file});
  BOOST_TEST(r.exit_code == 0, r.err);
  BOOST_TEST(hits("canal") == 2u);
  BOOST_TEST(send(port(), "DELETE", "/v1/articles/c2", kAdminKey).status == 200u);
  BOOST_TEST(hits("canal") == 1u);
}

BOOST_AUTO_TEST_SUITE_END()
