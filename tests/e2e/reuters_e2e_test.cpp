// Extra suite on the shared Reuters-21578 corpus (../shared/data): skipped, with the reason
// printed, when the data is not there.
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/e2e/process.h"

using namespace dateline::e2e;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

fs::path reuters_dir() { return fs::path(source_path("")) / ".." / "shared/data/reuters21578"; }

struct HasReuters {
  boost::test_tools::assertion_result operator()(boost::unit_test::test_unit_id) {
    boost::test_tools::assertion_result ok(fs::exists(reuters_dir() / "reut2-000.sgm.zst"));
    if (!ok) {
      ok.message() << "skipped: Reuters-21578 not found at " << reuters_dir().string();
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

// The longest words of a headline, as a user would type them to find it again.
std::string distinctive_words(const std::string& title) {
  static const std::set<std::string> kStop = {"the",  "and",  "for",  "with", "from", "that",
                                              "says", "said", "into", "over", "after"};
  std::vector<std::string> words;
  std::string word;
  for (char c : title + " ") {
    if (std::isalpha(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      if (word.size() > 3 && !kStop.count(word)) words.push_back(word);
      word.clear();
    }
  }
  std::stable_sort(words.begin(), words.end(),
                   [](const auto& a, const auto& b) { return a.size() > b.size(); });
  std::string q;
  for (std::size_t i = 0; i < words.size() && i < 3; ++i) q += (i ? " " : "") + words[i];
  return q;
}

}  // namespace

// GCC 12 at -O1 warns inside boost::function's copy of the predicate; the warning is spurious.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
BOOST_AUTO_TEST_SUITE(reuters_e2e, *boost::unit_test::precondition(HasReuters()))
#pragma GCC diagnostic pop

BOOST_AUTO_TEST_CASE(converts_indexes_and_finds_headlines) {
  fs::path work = fs::temp_directory_path() / ("dateline-reuters-" + std::to_string(getpid()));
  fs::create_directories(work);
  std::string jsonl = (work / "reuters.jsonl").string();
  std::string convert = source_path("scripts/convert-reuters") + " --out " + jsonl + " " +
                        reuters_dir().string() + " 2>/dev/null";
  BOOST_TEST_REQUIRE(std::system(convert.c_str()) == 0);

  CommandResult r = run_dateline({"index", "--db", (work / "db").string(), "--json", jsonl}, "",
                                 std::chrono::seconds(600));
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  json summary = json::parse(r.out);
  BOOST_TEST_MESSAGE("Reuters ingest: " << summary.dump());
  BOOST_TEST(summary["indexed"] == 21577);  // all 21,578 but one with no text at all

  // Every 97th headline: its three longest words must find it in the top 3.
  std::ifstream in(jsonl);
  std::string line;
  int tried = 0, found = 0, n = 0;
  while (std::getline(in, line)) {
    if (n++ % 97 != 0) continue;
    json article = json::parse(line);
    std::string q = distinctive_words(article["title"]);
    if (q.find(' ') == std::string::npos) continue;  // too little to go on
    CommandResult s =
        run_dateline({"search", "--db", (work / "db").string(), "--json", "--per-page", "3", q});
    std::vector<std::string> top;
    json response = json::parse(s.out);
    for (const auto& hit : response["hits"]) top.push_back(hit["id"].get<std::string>());
    ++tried;
    if (std::find(top.begin(), top.end(), article["id"].get<std::string>()) != top.end()) {
      ++found;
    } else if (tried - found <= 5) {
      BOOST_TEST_MESSAGE("not in top 3: " << article["id"] << " for '" << q
                                          << "': " << s.out.substr(0, 300));
    }
  }
  BOOST_TEST_MESSAGE("Reuters headline recall@3: " << found << "/" << tried);
  BOOST_TEST(tried > 150);
  BOOST_TEST(found >= tried * 85 / 100);
  fs::remove_all(work);
}

BOOST_AUTO_TEST_SUITE_END()
