// The HTTP transport against hostile clients: request framing it does not support, connection
// floods, clients that never read, a worker's backlog, admin writes stuck on the index lock and
// accept errors. The real binary on a loopback port; every wait is bounded.
#include <filesystem>
#include <random>
#include <thread>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/e2e/http_client.h"
#include "tests/e2e/process.h"

using namespace dateline::e2e;
using nlohmann::json;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

std::string error_code_of(const HttpResult& r) {
  json body = json::parse(r.body, nullptr, false);
  if (body.is_discarded() || !body.contains("error")) return "(not a JSON error: " + r.body + ")";
  return body["error"]["code"].get<std::string>();
}

// A fresh index of tests/data/mini.jsonl in a directory of its own, removed afterwards.
struct TransportIndex {
  std::filesystem::path dir;

  TransportIndex() {
    std::random_device rd;
    dir = std::filesystem::temp_directory_path() /
          ("dateline-transport-e2e-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(dir);
    CommandResult r = run_dateline({"index", "--db", db(), source_path("tests/data/mini.jsonl")});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  }
  ~TransportIndex() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::string db() const { return (dir / "db").string(); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(transport_e2e, TransportIndex)

BOOST_AUTO_TEST_CASE(transfer_codings_other_than_chunked_get_501_and_close) {
  Server server(db(), 1);
  for (const char* coding : {"gzip", "gzip, chunked", "chunked, gzip", "identity"}) {
    RawConnection c(server.port());
    c.send(std::string("POST /v1/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                       "Transfer-Encoding: ") +
           coding + "\r\n\r\n5\r\n{\"q\":\r\n0\r\n\r\n");
    HttpResult r = c.read_response();
    BOOST_TEST(r.status == 501u, coding);
    BOOST_TEST(error_code_of(r) == "not_implemented", coding);
    BOOST_TEST(r.header("Connection") == "close", coding);
    BOOST_TEST(c.closed_within(3s), coding);
  }
  // Chunked alone is still read.
  HttpResult ok =
      http_raw(server.port(),
               "POST /v1/search HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
               "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
               "f\r\n{\"q\":\"harbour\"}\r\n0\r\n\r\n");
  BOOST_TEST(ok.status == 200u, ok.body);
}

BOOST_AUTO_TEST_SUITE_END()
