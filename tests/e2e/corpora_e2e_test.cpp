// Extra suite on the shared corpora (../shared/data): BBC full text and 10kGNAD through their
// converters, the fwd headlines JSON array directly with --format json --map. Each case is
// skipped, with the reason printed, when its data (or zstd/python3) is not there.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/e2e/http_client.h"
#include "tests/e2e/process.h"

using namespace dateline::e2e;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path shared_data() { return fs::path(source_path("")) / ".." / "shared/data"; }

struct HasFile {
  std::string relative;
  boost::test_tools::assertion_result operator()(boost::unit_test::test_unit_id) {
    boost::test_tools::assertion_result ok(fs::exists(shared_data() / relative));
    if (!ok) {
      ok.message() << "skipped: " << (shared_data() / relative).string() << " not found";
    } else if (std::getenv("DATELINE_SKIP_CORPORA") != nullptr) {
      ok = boost::test_tools::assertion_result(false);
      ok.message() << "skipped: DATELINE_SKIP_CORPORA is set (scripts/test runs the corpus "
                      "suites in the dev pass, not again under the sanitizers)";
    } else if (std::system("command -v zstd >/dev/null && command -v python3 >/dev/null") != 0) {
      ok = boost::test_tools::assertion_result(false);
      ok.message() << "skipped: zstd or python3 missing";
    }
    return ok;
  }
};

struct CorpusWorkspace {
  fs::path dir;
  CorpusWorkspace() {
    std::random_device rd;
    dir = fs::temp_directory_path() / ("dateline-corpus-" + std::to_string(rd()));
    fs::create_directories(dir);
  }
  ~CorpusWorkspace() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  std::string db() const { return (dir / "db").string(); }
};

json first_hit(const std::string& db, const std::string& query) {
  CommandResult s = run_dateline({"search", "--db", db, "--json", "--per-page", "1", query});
  json response = json::parse(s.out);
  return response["hits"].empty() ? json() : response["hits"][0];
}

}  // namespace

// GCC 12 at -O1 warns inside boost::function's copy of the predicate; the warning is spurious.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
BOOST_FIXTURE_TEST_SUITE(corpora_e2e, CorpusWorkspace)

BOOST_AUTO_TEST_CASE(bbc_fulltext_converts_and_indexes, *boost::unit_test::precondition(HasFile{
                                                            "bbc-fulltext/bbc-fulltext.tar.zst"})) {
  std::string jsonl = (dir / "bbc.jsonl").string();
  std::string convert = source_path("scripts/convert-bbc") + " --out " + jsonl + " 2>/dev/null";
  BOOST_TEST_REQUIRE(std::system(convert.c_str()) == 0);
  CommandResult r = run_dateline({"index", "--db", db(), "--json", "--quiet", jsonl}, "",
                                 std::chrono::seconds(600));
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(json::parse(r.out)["indexed"] == 2223);
  json hit = first_hit(db(), "\"Time Warner\" advert sales");
  BOOST_TEST(hit["id"] == "bbc-business-001");
  BOOST_TEST(hit["section"] == "Business");
}

BOOST_AUTO_TEST_CASE(tenk_gnad_converts_and_stems_german,
                     *boost::unit_test::precondition(HasFile{"10kGNAD-de/test.csv.zst"})) {
  std::string jsonl = (dir / "gnad.jsonl").string();
  std::string convert = source_path("scripts/convert-10kgnad") + " --out " + jsonl + " 2>/dev/null";
  BOOST_TEST_REQUIRE(std::system(convert.c_str()) == 0);
  CommandResult r = run_dateline({"index", "--db", db(), "--json", "--quiet", jsonl}, "",
                                 std::chrono::seconds(600));
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(json::parse(r.out)["indexed"] == 1028);
  json hit = first_hit(db(), "Gewerkschaft GPA-djp All-in-Rechner");
  BOOST_TEST(hit["id"] == "10kgnad-1");
}

// The same German articles without their "language": it is detected (CLD2) and they are stemmed
// as German, so an inflected form finds the others.
BOOST_AUTO_TEST_CASE(tenk_gnad_without_language_is_detected_as_german,
                     *boost::unit_test::precondition(HasFile{"10kGNAD-de/test.csv.zst"})) {
  std::string converted = (dir / "gnad.jsonl").string();
  std::string convert =
      source_path("scripts/convert-10kgnad") + " --out " + converted + " 2>/dev/null";
  BOOST_TEST_REQUIRE(std::system(convert.c_str()) == 0);
  std::string jsonl = (dir / "gnad-nolang.jsonl").string();
  {
    std::ifstream in(converted);
    std::ofstream out(jsonl);
    std::string line;
    while (std::getline(in, line)) {
      json article = json::parse(line);
      article.erase("language");
      out << article.dump() << "\n";
    }
  }
  CommandResult r = run_dateline({"index", "--db", db(), "--json", "--quiet", jsonl}, "",
                                 std::chrono::seconds(600));
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  BOOST_TEST(json::parse(r.out)["indexed"] == 1028);
  Server server(db());
  auto total = [&](const std::string& query) {
    HttpResult s = http_request(server.port(), "GET", "/v1/search?lang=de&q=" + query);
    return json::parse(s.body)["total"]["value"].get<int>();
  };
  HttpResult facets = http_request(server.port(), "GET", "/v1/search?q=&facets=lang&per_page=1");
  int german = 0;
  json response = json::parse(facets.body);
  for (const json& value : response["facets"]["lang"]) {
    if (value["value"] == "de") german = value["count"].get<int>();
  }
  BOOST_TEST_MESSAGE("10kGNAD without language: " << german << " of 1028 detected as German");
  BOOST_TEST(german >= 1020);
  // Stemmed as German: the plural and the singular find the same articles.
  BOOST_TEST(total("gewerkschaften") == total("gewerkschaft"));
  // news.json indexes stems only, so a quoted word finds every form too.
  BOOST_TEST(total("%22gewerkschaften%22") == total("gewerkschaft"));
}

BOOST_AUTO_TEST_CASE(fwd_headlines_index_directly_as_a_mapped_json_array,
                     *boost::unit_test::precondition(HasFile{
                         "fwd-news-headlines/headlines.json.zst"})) {
  std::string input = (shared_data() / "fwd-news-headlines/headlines.json.zst").string();
  CommandResult r = run_dateline(
      {"index", "--db", db(), "--json", "--quiet", "--format", "json", "--map", "link=url", "--map",
       "timestamp=published_at", "--map", "domain=source", "--map", "category=section", input},
      "", std::chrono::seconds(600));
  json summary = json::parse(r.out);
  BOOST_TEST_MESSAGE("fwd headlines ingest: " << summary.dump());
  BOOST_TEST(summary["read"] == 10037);
  // Links longer than the 200-byte id limit are rejected, each with its line.
  BOOST_TEST(summary["indexed"].get<int>() + summary["rejected"].get<int>() == 10037);
  BOOST_TEST(summary["indexed"].get<int>() > 9800);
  BOOST_TEST(r.err.find("headlines.json.zst:") != std::string::npos);
  BOOST_TEST(r.err.find(": id is longer than 200 bytes\n") != std::string::npos);
  json hit = first_hit(db(), "Leaked Uber Files reveal history of lawbreaking");
  BOOST_TEST(hit["source"] == "techcrunch.com");
}

BOOST_AUTO_TEST_SUITE_END()
#pragma GCC diagnostic pop
