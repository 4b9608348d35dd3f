// Issue 21's holes, tried as an attacker would against the real binaries: files outside the web
// root, records that made Xapian throw, and a first job whose every record is rejected.
#include <filesystem>
#include <fstream>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/e2e/http_client.h"
#include "tests/e2e/process.h"
#include "tests/e2e/scratch_dir.h"

using namespace dateline::e2e;
using nlohmann::json;

namespace {

constexpr const char* kHostileAdminKey = "e2e-hostile-admin-key-2b7d";

std::string hostile_article(const std::string& id, const std::string& title) {
  return json{
      {"id", id}, {"title", title}, {"body", title + "."}, {"published_at", "2025-07-01T09:30:00Z"}}
      .dump();
}

struct HostileDir {
  ScratchDir scratch{"dateline-hostile-e2e"};
  std::string path(const std::string& name) const { return scratch.path(name); }
  std::string write(const std::string& name, const std::string& content) const {
    std::ofstream(path(name), std::ios::binary) << content;
    return path(name);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(hostile_e2e, HostileDir)

BOOST_AUTO_TEST_CASE(static_urls_never_read_outside_the_web_root) {
  CommandResult r =
      run_dateline({"index", "--db", path("db"), source_path("tests/data/mini.jsonl")});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  Server server(path("db"), 1);
  BOOST_TEST(http_request(server.port(), "GET", "/").status == 200u);
  BOOST_TEST(http_request(server.port(), "GET", "/static/widget.js").status == 200u);
  for (const char* target :
       {"/static//etc/passwd", "/static//proc/self/environ", "/static//dev/zero",
        "/static/%2Fetc%2Fpasswd", "/static/../CMakeLists.txt", "/static//proc/self/cmdline"}) {
    HttpResult res = http_request(server.port(), "GET", target);
    BOOST_TEST(res.status == 404u, target);
    BOOST_TEST(res.body.find("root:") == std::string::npos, target);
    BOOST_TEST(res.body.find("DATELINE") == std::string::npos, target);
  }
}

BOOST_AUTO_TEST_CASE(an_id_of_nul_characters_is_rejected_and_the_server_lives) {
  CommandResult r =
      run_dateline({"index", "--db", path("db"), source_path("tests/data/mini.jsonl")});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  Server server(path("db"), 1, {"--admin-key", kHostileAdminKey});
  std::string body = hostile_article(std::string(130, '\0'), "Nul id") + "\n" +
                     hostile_article("good-after-nul", "Lighthouse keeper retires") + "\n";
  std::string raw =
      "POST /v1/articles HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
      "Authorization: Bearer " +
      std::string(kHostileAdminKey) + "\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\n\r\n" + body;
  HttpResult res = http_raw(server.port(), raw);
  BOOST_TEST_REQUIRE(res.status == 422u, res.body);
  json report = json::parse(res.body);
  BOOST_TEST(report["indexed"] == 1);
  BOOST_TEST(report["results"][0]["line"] == 1);
  BOOST_TEST(report["results"][0]["error"] == "id contains a control character");
  BOOST_TEST(http_request(server.port(), "GET", "/healthz").status == 200u);
  BOOST_TEST(http_request(server.port(), "GET", "/v1/articles/good-after-nul").status == 200u);
}

BOOST_AUTO_TEST_CASE(an_id_of_nul_characters_is_one_rejection_in_every_job_mode) {
  std::string input = write("in.jsonl", hostile_article(std::string(130, '\0'), "Nul id") + "\n" +
                                            hostile_article("a1", "Harbour expansion") + "\n" +
                                            hostile_article("a2", "Rail strike ends") + "\n");
  for (const char* jobs : {"1", "2"}) {
    std::string db = path(std::string("db-") + jobs);
    CommandResult r = run_dateline({"index", "--db", db, "--jobs", jobs, input});
    BOOST_TEST(r.exit_code == 2, jobs << ": " << r.err);
    BOOST_TEST(r.err.find("in.jsonl:1: id contains a control character") != std::string::npos,
               r.err);
    CommandResult stats = run_dateline({"stats", "--db", db});
    BOOST_TEST(stats.out.find("documents:      2\n") != std::string::npos, stats.out);
  }
}

BOOST_AUTO_TEST_CASE(a_first_bulk_job_with_every_record_rejected_exits_2_with_the_rejections) {
  std::string lines;
  for (int i = 0; i < 50; ++i) lines += json{{"id", "t" + std::to_string(i)}}.dump() + "\n";
  std::string input = write("untitled.jsonl", lines);
  CommandResult r = run_dateline({"index", "--db", path("db"), "--jobs", "2", input});
  BOOST_TEST(r.exit_code == 2, r.err);
  BOOST_TEST(r.err.find("untitled.jsonl:50: missing title") != std::string::npos, r.err);
  BOOST_TEST(r.err.find("cannot merge") == std::string::npos, r.err);
  // The index exists, empty, and takes the next job.
  std::string good = write("good.jsonl", hostile_article("g1", "Harbour expansion") + "\n");
  BOOST_TEST(run_dateline({"index", "--db", path("db"), good}).exit_code == 0);
}

BOOST_AUTO_TEST_CASE(a_damaged_index_is_an_error_message_not_a_crash) {
  CommandResult r =
      run_dateline({"index", "--db", path("db"), source_path("tests/data/mini.jsonl")});
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  // The second half of the term table overwritten: whichever read meets it first (the open, or
  // Xapian's DatabaseCorruptError, not a std::exception, during the command) must end in a
  // message and exit code 1, never an abort.
  const std::string table = path("db") + "/postlist.glass";
  const auto size = std::filesystem::file_size(table);
  {
    std::fstream f(table, std::ios::binary | std::ios::in | std::ios::out);
    f.seekp(static_cast<std::streamoff>(size / 2));
    f << std::string(size - size / 2, 'x');
  }
  for (std::vector<std::string> args :
       {std::vector<std::string>{"common-words", "--db", path("db")},
        {"stats", "--db", path("db")},
        {"search", "--db", path("db"), "harbour"}}) {
    CommandResult bad = run_dateline(args);
    BOOST_TEST(bad.exit_code == 1, args.front() << ": " << bad.err);
    BOOST_TEST(bad.err.find("dateline " + args.front() + ":") != std::string::npos, bad.err);
  }
}

BOOST_AUTO_TEST_SUITE_END()
