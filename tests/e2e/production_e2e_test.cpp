// The production server end to end: every limit, timeouts, request ids, metrics, CORS, feeds,
// graceful shutdown and the index switch, against the real binary on a loopback port.
#include <filesystem>
#include <random>
#include <thread>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <signal.h>

#include "tests/e2e/http_client.h"
#include "tests/e2e/process.h"
#include "tests/e2e/wait.h"
#include "tests/format_checks.h"

using namespace dateline::e2e;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

std::filesystem::path unique_dir() {
  std::random_device rd;
  auto dir = std::filesystem::temp_directory_path() /
             ("dateline-prod-e2e-" + std::to_string(rd()) + std::to_string(rd()));
  std::filesystem::create_directories(dir);
  return dir;
}

void index_into(const std::string& db, const std::vector<std::string>& inputs,
                const std::string& stdin_text = "") {
  std::vector<std::string> args = {"index", "--db", db};
  args.insert(args.end(), inputs.begin(), inputs.end());
  CommandResult r = run_dateline(args, stdin_text);
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
}

std::string error_code_of(const HttpResult& r) {
  json body = json::parse(r.body, nullptr, false);
  if (body.is_discarded() || !body.contains("error")) return "(not a JSON error: " + r.body + ")";
  return body["error"]["code"].get<std::string>();
}

const std::vector<std::string> kLimits = {"--max-request-line", "300",
                                          "--max-header-bytes", "2048",
                                          "--max-body-bytes",   "1000",
                                          "--max-query-bytes",  "100",
                                          "--max-per-page",     "20",
                                          "--max-result-depth", "60",
                                          "--read-timeout",     "700ms",
                                          "--idle-timeout",     "700ms",
                                          "--cors-origins",     "https://news.example"};

struct LimitedServer {
  std::filesystem::path dir = unique_dir();
  std::string db = (dir / "db").string();
  std::unique_ptr<Server> server;

  LimitedServer() {
    index_into(db, {source_path("tests/data/mini.jsonl")});
    server = std::make_unique<Server>(db, 2, kLimits);
  }
  ~LimitedServer() {
    server.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  unsigned short port() const { return server->port(); }

  void expect_still_up() {
    HttpResult r = http_request(port(), "GET", "/healthz");
    BOOST_TEST(r.status == 200u);
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(production_e2e, LimitedServer)

BOOST_AUTO_TEST_CASE(long_request_line_gets_414) {
  HttpResult r = http_raw(
      port(), "GET /v1/search?q=" + std::string(400, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
  BOOST_TEST(r.status == 414u);
  BOOST_TEST(error_code_of(r) == "uri_too_long");
  // Longer than the whole header limit: still a request line problem, so still 414.
  r = http_raw(port(),
               "GET /v1/search?q=" + std::string(3000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
  BOOST_TEST(r.status == 414u);
  expect_still_up();
}

BOOST_AUTO_TEST_CASE(large_headers_get_431) {
  HttpResult r = http_raw(
      port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + std::string(2500, 'p') + "\r\n\r\n");
  BOOST_TEST(r.status == 431u);
  BOOST_TEST(error_code_of(r) == "header_too_large");
  expect_still_up();
}

BOOST_AUTO_TEST_CASE(large_body_gets_413) {
  HttpResult r = http_raw(port(),
                          "POST /v1/search HTTP/1.1\r\nHost: x\r\nContent-Type: "
                          "application/json\r\nContent-Length: 5000\r\n\r\n" +
                              std::string(5000, ' '));
  BOOST_TEST(r.status == 413u);
  BOOST_TEST(error_code_of(r) == "payload_too_large");
  expect_still_up();
}

BOOST_AUTO_TEST_CASE(search_limits_get_400) {
  HttpResult r = http_request(port(), "GET", "/v1/search?q=" + std::string(101, 'q'));
  BOOST_TEST(r.status == 400u);
  BOOST_TEST(error_code_of(r) == "invalid_argument");
  BOOST_TEST(http_request(port(), "GET", "/v1/search?q=x&per_page=21").status == 400u);
  BOOST_TEST(http_request(port(), "GET", "/v1/search?q=x&per_page=20&page=4").status == 400u);
  BOOST_TEST(http_request(port(), "GET", "/v1/search?q=x&per_page=20&page=3").status == 200u);
  BOOST_TEST(http_request(port(), "GET", "/v1/search?q=" + std::string(100, 'q')).status == 200u);
}

BOOST_AUTO_TEST_CASE(incomplete_request_gets_408_then_close) {
  RawConnection c(port());
  auto start = Clock::now();
  c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n");
  HttpResult r = c.read_response();
  auto waited = Clock::now() - start;
  BOOST_TEST(r.status == 408u);
  BOOST_TEST(error_code_of(r) == "request_timeout");
  BOOST_TEST(r.header("Connection") == "close");
  BOOST_TEST((waited >= 600ms && waited < 4s));
  BOOST_TEST(c.closed_within(2s));
  expect_still_up();
}

BOOST_AUTO_TEST_CASE(idle_keep_alive_connection_is_closed) {
  RawConnection c(port());
  c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  BOOST_TEST(c.read_response().status == 200u);
  // Still usable right away (keep-alive)...
  c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
  BOOST_TEST(c.read_response().status == 200u);
  // ...and closed once idle for longer than --idle-timeout.
  auto start = Clock::now();
  BOOST_TEST(c.closed_within(3s));
  BOOST_TEST((Clock::now() - start >= 500ms));
}

BOOST_AUTO_TEST_CASE(request_ids_are_echoed_or_made) {
  HttpResult r = http_raw(port(),
                          "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: trace-42\r\n"
                          "Connection: close\r\n\r\n");
  BOOST_TEST(r.header("X-Request-Id") == "trace-42");
  r = http_raw(port(),
               "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: not ok!\r\n"
               "Connection: close\r\n\r\n");
  std::string made = r.header("X-Request-Id");
  BOOST_TEST(made.size() == 16u);
  BOOST_TEST(made.find_first_not_of("0123456789abcdef") == std::string::npos);
  r = http_raw(port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Request-Id: " + std::string(65, 'a') +
                           "\r\nConnection: close\r\n\r\n");
  BOOST_TEST(r.header("X-Request-Id").size() == 16u);
  // Errors the transport answers carry one too.
  r = http_raw(port(), "GET /" + std::string(400, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
  BOOST_TEST(r.header("X-Request-Id").size() == 16u);
}

BOOST_AUTO_TEST_CASE(metrics_parse_as_prometheus_text) {
  http_request(port(), "GET", "/healthz");
  http_request(port(), "GET", "/v1/search?q=harbour");
  http_raw(port(), "GET /" + std::string(400, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
  http_raw(port(), "GET /" + std::string(3000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
  HttpResult r = http_request(port(), "GET", "/metrics");
  BOOST_TEST(r.status == 200u);
  BOOST_TEST(r.header("Content-Type").rfind("text/plain; version=0.0.4", 0) == 0u);
  dateline::test::PrometheusText parsed = dateline::test::check_prometheus_text(r.body);
  for (const auto& problem : parsed.problems) BOOST_ERROR(problem);
  BOOST_TEST(parsed.samples["dateline_http_requests_total{route=\"healthz\",status=\"200\"}"] >= 1);
  BOOST_TEST(parsed.samples["dateline_http_requests_total{route=\"search\",status=\"200\"}"] >= 1);
  BOOST_TEST(parsed.samples["dateline_http_requests_total{route=\"other\",status=\"414\"}"] >= 1);
  BOOST_TEST(parsed.samples["dateline_http_requests_total{route=\"invalid\",status=\"414\"}"] >= 1);
  BOOST_TEST(parsed.samples["dateline_index_documents"] == 8);
  BOOST_TEST(parsed.samples.count("dateline_index_size_bytes") == 1u);
  BOOST_TEST(parsed.samples.count("dateline_index_last_commit_age_seconds") == 1u);
  BOOST_TEST(parsed.samples["dateline_http_request_duration_seconds_count{route=\"search\"}"] >= 1);
  json stats = json::parse(http_request(port(), "GET", "/v1/stats").body);
  BOOST_TEST(stats["uptime_seconds"].get<double>() >= 0);
}

BOOST_AUTO_TEST_CASE(cors_preflight_and_origins) {
  HttpResult pre = http_raw(port(),
                            "OPTIONS /v1/search?q=x HTTP/1.1\r\nHost: x\r\n"
                            "Origin: https://news.example\r\n"
                            "Access-Control-Request-Method: GET\r\n"
                            "Access-Control-Request-Headers: x-request-id\r\n"
                            "Connection: close\r\n\r\n");
  BOOST_TEST(pre.status == 204u);
  BOOST_TEST(pre.header("Access-Control-Allow-Origin") == "https://news.example");
  BOOST_TEST(pre.header("Access-Control-Allow-Methods") == "GET, HEAD");
  BOOST_TEST(pre.header("Access-Control-Allow-Headers").find("X-Request-Id") != std::string::npos);
  BOOST_TEST(pre.header("Access-Control-Max-Age") == "600");
  BOOST_TEST(pre.header("Vary").find("Origin") != std::string::npos);

  HttpResult ok = http_raw(port(),
                           "GET /healthz HTTP/1.1\r\nHost: x\r\nOrigin: "
                           "https://news.example\r\nConnection: close\r\n\r\n");
  BOOST_TEST(ok.header("Access-Control-Allow-Origin") == "https://news.example");
  BOOST_TEST(ok.header("Vary") == "Origin");
  HttpResult other = http_raw(port(),
                              "GET /healthz HTTP/1.1\r\nHost: x\r\nOrigin: "
                              "https://evil.example\r\nConnection: close\r\n\r\n");
  BOOST_TEST(other.status == 200u);
  BOOST_TEST(other.header("Access-Control-Allow-Origin").empty());
  HttpResult refused = http_raw(port(),
                                "OPTIONS /v1/search HTTP/1.1\r\nHost: x\r\n"
                                "Origin: https://evil.example\r\n"
                                "Access-Control-Request-Method: GET\r\n"
                                "Connection: close\r\n\r\n");
  BOOST_TEST(refused.status == 403u);
  BOOST_TEST(refused.header("Access-Control-Allow-Origin").empty());
}

BOOST_AUTO_TEST_CASE(opensearch_and_rss_are_well_formed) {
  HttpResult os = http_request(port(), "GET", "/opensearch.xml");
  BOOST_TEST(os.status == 200u);
  dateline::test::XmlCheck check = dateline::test::check_xml(os.body);
  for (const auto& problem : check.problems) BOOST_ERROR("opensearch.xml: " << problem);
  BOOST_TEST(check.root == "OpenSearchDescription");
  BOOST_TEST(os.body.find("http://127.0.0.1/v1/search.rss?q={searchTerms}") != std::string::npos);

  HttpResult rss = http_request(port(), "GET", "/v1/search.rss?q=" + url_encode("harbour OR rate"));
  BOOST_TEST(rss.status == 200u);
  BOOST_TEST(rss.header("Content-Type") == "application/rss+xml; charset=utf-8");
  check = dateline::test::check_xml(rss.body);
  for (const auto& problem : check.problems) BOOST_ERROR("search.rss: " << problem);
  BOOST_TEST(check.root == "rss");
  BOOST_TEST(std::count(check.elements.begin(), check.elements.end(), "item") >= 2);
  // m6 carries <script> in its text: it must come back escaped.
  HttpResult m6 = http_request(port(), "GET", "/v1/search.rss?q=script+injection");
  BOOST_TEST(dateline::test::check_xml(m6.body).problems.empty());
  BOOST_TEST(m6.body.find("<script>") == std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(production_lifecycle_e2e)

BOOST_AUTO_TEST_CASE(sigterm_finishes_requests_in_flight_and_drops_idle_ones) {
  auto dir = unique_dir();
  std::string db = (dir / "db").string();
  index_into(db, {source_path("tests/data/mini.jsonl")});
  {
    Server server(db, 2,
                  {"--shutdown-grace", "8s", "--read-timeout", "8s", "--idle-timeout", "60s"});
    RawConnection idle(server.port());
    idle.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(idle.read_response().status == 200u);
    pid_t pid = server.process().pid();
    std::size_t before = open_fds(pid);
    RawConnection in_flight(server.port());
    in_flight.send("GET /v1/search?q=harbour HTTP/1.1\r\nHost: x\r\n");  // headers not finished
    // The server has accepted it (one more descriptor) before the signal comes.
    BOOST_TEST_REQUIRE(eventually([&] { return open_fds(pid) > before; }, 5s));

    auto start = Clock::now();
    server.process().signal(SIGTERM);
    // Idle keep-alive connections do not hold up the exit; once this one is closed the shutdown
    // is under way, and the request in flight is finished after it began.
    BOOST_TEST(idle.closed_within(2s));
    in_flight.send("\r\n");
    HttpResult r = in_flight.read_response();
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.header("Connection") == "close");
    BOOST_TEST(json::parse(r.body)["hits"].size() >= 1u);
    BOOST_TEST(server.process().wait(6s) == 0);
    BOOST_TEST((Clock::now() - start < 5s));  // well inside the 8 s grace
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

BOOST_AUTO_TEST_CASE(swapping_the_db_symlink_switches_the_index) {
  auto dir = unique_dir();
  std::string a = (dir / "a").string(), b = (dir / "b").string();
  std::string link = (dir / "current").string();
  index_into(a, {source_path("tests/data/mini.jsonl")});
  index_into(b, {source_path("tests/data/mini.jsonl"), "-"},
             R"({"id":"z1","title":"Zeppelin lands in Pellham"})"
             "\n");
  std::filesystem::create_directory_symlink(a, link);
  {
    Server server(link, 2);
    auto hits = [&] {
      HttpResult r = http_request(server.port(), "GET", "/v1/search?q=zeppelin");
      return json::parse(r.body)["hits"].size();
    };
    BOOST_TEST(hits() == 0u);
    // The documented switch: a new link renamed over the old one (atomic).
    std::filesystem::create_directory_symlink(b, (dir / "next").string());
    std::filesystem::rename(dir / "next", link);
    BOOST_TEST(eventually([&] { return hits() == 1u; }, 5s));  // the server looks every second
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

BOOST_AUTO_TEST_CASE(bad_configuration_fails_at_start) {
  CommandResult r =
      run_dateline({"serve", "--db", "/nonexistent", "--port", "0", "--max-request-line", "99999"});
  BOOST_TEST(r.exit_code == 1);
  BOOST_TEST(r.err.find("--max-request-line (99999) must not exceed --max-header-bytes") !=
                 std::string::npos,
             r.err);
  CommandResult help = run_dateline({"serve", "--help"});
  BOOST_TEST(help.exit_code == 0);
  for (const char* option :
       {"--read-timeout", "--idle-timeout", "--max-request-line", "--cors-origins", "--public-url",
        "--shutdown-grace", "--config", "--write-timeout", "--max-connections",
        "--max-inflight-searches", "--max-queued-searches", "--queue-timeout", "--metrics-key"}) {
    BOOST_TEST(help.out.find(option) != std::string::npos, option);
  }
}

BOOST_AUTO_TEST_SUITE_END()
