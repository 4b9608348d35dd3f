// Editor's picks end to end over HTTP: a rule PUT through the admin API pins and hides in the
// next search and is gone after DELETE; the --curations file is imported at start and again when
// it changes, and a bad file leaves the rules as they were.
#include <filesystem>
#include <fstream>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/e2e/http_client.h"
#include "tests/e2e/process.h"
#include "tests/e2e/scratch_dir.h"
#include "tests/e2e/wait.h"

using namespace dateline::e2e;
using nlohmann::json;

namespace {

constexpr const char* kAdminKey = "e2e-admin-key-c0a7e1d2";

HttpResult send(unsigned short port, const std::string& method, const std::string& target,
                const std::string& body = "") {
  std::string raw = method + " " + target +
                    " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    "Authorization: Bearer " +
                    std::string(kAdminKey) + "\r\n";
  raw += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  return http_raw(port, raw);
}

// Written beside and renamed over, so the server never reads half a file.
void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path + ".tmp", std::ios::binary | std::ios::trunc) << text;
  std::filesystem::rename(path + ".tmp", path);
}

json search(unsigned short port, const std::string& q) {
  HttpResult r = http_request(port, "GET", "/v1/search?explain=true&q=" + url_encode(q));
  BOOST_TEST_REQUIRE(r.status == 200u, r.body);
  return json::parse(r.body);
}

std::string first_id(const json& results) {
  return results["hits"].empty() ? "" : results["hits"][0]["id"].get<std::string>();
}

}  // namespace

BOOST_AUTO_TEST_SUITE(curations_e2e)

BOOST_AUTO_TEST_CASE(rules_from_the_api_and_the_file_pin_and_hide) {
  ScratchDir dir("dateline-curations-e2e");
  std::string db = dir.path("db");
  std::string rules = dir.path("rules.json");
  CommandResult indexed = run_dateline({"index", "--db", db, source_path("tests/data/mini.jsonl")});
  BOOST_TEST_REQUIRE(indexed.exit_code == 0, indexed.err);
  write_file(rules, R"({"rules": [{"id": "file-rule", "query": "central bank",
                        "pin": [{"id": "m1", "position": 1}]}]})");
  Server server(
      db, 2,
      {"--admin-key", kAdminKey, "--curations", rules, "--curations-check-interval", "50ms"});
  unsigned short port = server.port();

  // Imported at start.
  json banked = search(port, "Central  BANK");
  BOOST_TEST(first_id(banked) == "m1");
  BOOST_TEST(banked["hits"][0]["pinned"] == true);
  BOOST_TEST(banked["curation"]["rule"] == "file-rule");

  // Through the API: created, applied, deleted.
  HttpResult put = send(port, "PUT", "/v1/curations/harbour",
                        R"({"query": "authority harbour", "any_order": true,
                            "pin": [{"id": "m2", "position": 1}], "hide": ["m1"]})");
  BOOST_TEST_REQUIRE(put.status == 201u, put.body);
  json harbour = search(port, "harbour authority");
  BOOST_TEST(first_id(harbour) == "m2");
  for (const auto& hit : harbour["hits"]) BOOST_TEST(hit["id"] != "m1");
  HttpResult listed = send(port, "GET", "/v1/curations");
  BOOST_TEST(json::parse(listed.body)["rules"].size() == 2u);
  BOOST_TEST(send(port, "DELETE", "/v1/curations/harbour").status == 200u);
  BOOST_TEST(send(port, "DELETE", "/v1/curations/harbour").status == 404u);
  BOOST_TEST(!search(port, "harbour authority").contains("curation"));
  HttpResult bad = send(port, "PUT", "/v1/curations/x", R"({"query": "q", "pin": "m1"})");
  BOOST_TEST(bad.status == 400u);
  BOOST_TEST(json::parse(bad.body)["error"]["message"].get<std::string>().find("pin must be") ==
             0u);

  // The file changes: its rules replace the stored ones.
  write_file(rules, R"([{"id": "file-rule-2", "query": "interest rate",
                        "pin": [{"id": "m2", "position": 1}]}])");
  BOOST_TEST(eventually([&] { return first_id(search(port, "interest rate")) == "m2"; },
                        std::chrono::seconds(5)));
  BOOST_TEST(!search(port, "central bank").contains("curation"));

  // A bad file is logged and the rules stay.
  write_file(rules, "[{\"id\": \"broken\"}]");
  BOOST_TEST(eventually(
      [&] {
        std::ifstream log(server.process().stderr_path());
        std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
        return text.find("event=curations_file_rejected") != std::string::npos;
      },
      std::chrono::seconds(5)));
  BOOST_TEST(first_id(search(port, "interest rate")) == "m2");
}

BOOST_AUTO_TEST_CASE(the_cli_carries_rules_from_one_index_to_another) {
  ScratchDir dir("dateline-curations-cli-e2e");
  std::string old_db = dir.path("old");
  std::string new_db = dir.path("new");
  for (const std::string& db : {old_db, new_db}) {
    CommandResult r = run_dateline({"index", "--db", db, source_path("tests/data/mini.jsonl")});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  }
  std::string rules = dir.path("rules.json");
  write_file(rules, R"([{"id": "r", "query": "central bank", "hide": ["m3"]}])");
  CommandResult imported = run_dateline({"curations", "import", "--db", old_db, rules});
  BOOST_TEST_REQUIRE(imported.exit_code == 0, imported.err);
  BOOST_TEST(imported.out == "imported 1 rule\n");

  CommandResult exported = run_dateline({"curations", "export", "--db", old_db});
  BOOST_TEST_REQUIRE(exported.exit_code == 0, exported.err);
  BOOST_TEST(json::parse(exported.out)["rules"][0]["hide"] == json::array({"m3"}));
  std::string saved = dir.path("saved.json");
  write_file(saved, exported.out);
  BOOST_TEST(run_dateline({"curations", "import", "--db", new_db, saved}).exit_code == 0);
  BOOST_TEST(run_dateline({"curations", "export", "--db", new_db}).out == exported.out);

  write_file(rules, R"([{"id": "r", "query": "central bank"}])");
  CommandResult bad = run_dateline({"curations", "import", "--db", new_db, rules});
  BOOST_TEST(bad.exit_code == 1);
  BOOST_TEST(bad.err ==
             "dateline curations import: rules[0] (id 'r'): a rule must pin or hide something\n");
  BOOST_TEST(run_dateline({"curations", "export", "--db", new_db}).out == exported.out);
}

BOOST_AUTO_TEST_SUITE_END()
