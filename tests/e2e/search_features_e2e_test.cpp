// The search features of the HTTP API (filters, facets, dates, sort, recency, did-you-mean,
// autocomplete, related, fragments, POST, explain) against the real server on the sample index.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "tests/e2e/http_client.h"
#include "tests/e2e/process.h"
#include "tests/e2e/wait.h"

using namespace dateline::e2e;
using nlohmann::json;

namespace {

struct SampleServer {
  std::filesystem::path dir;
  std::unique_ptr<Server> server;

  SampleServer() {
    std::random_device rd;
    dir = std::filesystem::temp_directory_path() / ("dateline-e2e-" + std::to_string(rd()));
    std::filesystem::create_directories(dir);
    CommandResult r =
        run_dateline({"index", "--db", db(), source_path("data/sample/articles.jsonl")});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    server = std::make_unique<Server>(db());
  }
  ~SampleServer() {
    server.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::string db() const { return (dir / "db").string(); }

  json get(const std::string& target, unsigned status = 200) {
    HttpResult r = http_request(server->port(), "GET", target);
    BOOST_TEST(r.status == status, target << " -> " << r.body);
    return json::parse(r.body);
  }

  std::string error_for(const std::string& target) {
    return get(target, 400)["error"]["message"].get<std::string>();
  }
};

std::vector<std::string> ids(const json& response) {
  std::vector<std::string> out;
  for (const auto& hit : response["hits"]) out.push_back(hit["id"].get<std::string>());
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

BOOST_FIXTURE_TEST_SUITE(search_features_e2e, SampleServer)

BOOST_AUTO_TEST_CASE(phrases_differ_from_words) {
  auto phrase = ids(get("/v1/search?per_page=50&q=" + url_encode("\"water rationing\"")));
  auto words = ids(get("/v1/search?per_page=50&q=water+rationing"));
  BOOST_TEST_REQUIRE(!phrase.empty());
  BOOST_TEST(phrase[0] == "mws-2024-0301");
  BOOST_TEST(!contains(phrase, "ledger-2024-0377"));
  BOOST_TEST(words.size() > phrase.size());
}

BOOST_AUTO_TEST_CASE(filters_and_in_query_fields) {
  json r =
      get("/v1/search?per_page=50&q=&source=" + url_encode("Kessbacher Rundschau") + "&lang=de");
  BOOST_TEST(r["hits"].size() >= 10u);
  for (const auto& hit : r["hits"]) BOOST_TEST(hit["source"] == "Kessbacher Rundschau");
  auto a = ids(get("/v1/search?per_page=50&q=" + url_encode("founders cup") + "&source=" +
                   url_encode("Vellmoor Evening Post") + "&from=2025-05-01&to=2025-05-31"));
  std::sort(a.begin(), a.end());
  BOOST_TEST(a == (std::vector<std::string>{"vep-2025-0093", "vep-2025-0101"}),
             boost::test_tools::per_element());
  auto b = ids(
      get("/v1/search?per_page=50&q=" + url_encode("founders cup source:\"Vellmoor Evening Post\" "
                                                   "published:2025-05-01..2025-05-31")));
  std::sort(b.begin(), b.end());
  BOOST_TEST(a == b, boost::test_tools::per_element());
  BOOST_TEST(ids(get("/v1/search?q=Leitzins&lang=de")) == std::vector<std::string>{"mws-2024-0467"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(facets_match_filter_totals) {
  json r = get("/v1/search?q=port&facets=source,section,author,tag,lang,month");
  for (const char* name : {"source", "section", "author", "tag", "lang", "month"}) {
    BOOST_TEST_REQUIRE(r["facets"].contains(name), name);
    BOOST_TEST(!r["facets"][name].empty(), name);
  }
  for (const char* name : {"source", "author", "tag"}) {
    const json& top = r["facets"][name][0];
    std::string value = top["value"];
    json filtered =
        get("/v1/search?q=port&" + std::string(name) + "=" + url_encode(value) + "&facets=" + name);
    BOOST_TEST(filtered["total"]["value"] == top["count"], name << "=" << value);
    // Disjunctive: the selected field still lists the other values.
    BOOST_TEST(filtered["facets"][name].size() == r["facets"][name].size(), name);
  }
}

BOOST_AUTO_TEST_CASE(sort_orders) {
  json newest = get("/v1/search?q=lumora&sort=newest&per_page=20");
  json oldest = get("/v1/search?q=lumora&sort=oldest&per_page=20");
  BOOST_TEST_REQUIRE(newest["hits"].size() >= 3u);
  for (std::size_t i = 1; i < newest["hits"].size(); ++i) {
    BOOST_TEST(newest["hits"][i - 1]["published_at"].get<std::string>() >=
               newest["hits"][i]["published_at"].get<std::string>());
  }
  BOOST_TEST(oldest["hits"][0]["id"] == newest["hits"].back()["id"]);
}

BOOST_AUTO_TEST_CASE(recency_lifts_a_fresh_copy) {
  auto now = std::chrono::duration_cast<std::chrono::seconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  json article = get("/v1/articles/courier-2024-0188");  // the glassblowers story
  article["id"] = "fresh-copy";
  article["published_at"] = now - 3600;
  CommandResult r = run_dateline({"index", "--db", db(), "-"}, article.dump() + "\n");
  BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
  auto balanced = ids(get("/v1/search?q=glassblowers+furnace"));
  BOOST_TEST_REQUIRE(balanced.size() >= 2u);
  BOOST_TEST(balanced[0] == "fresh-copy");
  json off = get("/v1/search?q=glassblowers+furnace&recency=off&explain=true");
  BOOST_TEST(off["hits"][0]["score"] == off["hits"][1]["score"]);
  json strong = get("/v1/search?q=glassblowers+furnace&recency=strong&explain=true");
  BOOST_TEST(strong["hits"][0]["id"] == "fresh-copy");
  BOOST_TEST(strong["hits"][0]["explain"]["recency_score"].get<double>() > 0);
  run_dateline({"index", "--db", db(), "-"}, R"({"op":"delete","id":"fresh-copy"})"
                                             "\n");
}

BOOST_AUTO_TEST_CASE(did_you_mean) {
  json r = get("/v1/search?q=rationnig");
  BOOST_TEST(r["corrected_query"] == "rationing");
  BOOST_TEST(r["auto_corrected"] == true);
  BOOST_TEST(!r["hits"].empty());
  BOOST_TEST(!get("/v1/search?q=rationing").contains("corrected_query"));
  // A typo next to a word the index has: the correction, not any word.
  json near = get("/v1/search?q=water+rationnig");
  BOOST_TEST(near["auto_corrected"] == true);
  BOOST_TEST(near["relaxed"] == false);
  BOOST_TEST(near["total"]["value"] == get("/v1/search?q=water+rationing")["total"]["value"]);
}

BOOST_AUTO_TEST_CASE(german_queries_without_a_lang_filter) {
  // The sample's German articles are stemmed in German; the query is read in both languages.
  BOOST_TEST(get("/v1/search?q=arten")["total"]["value"] ==
             get("/v1/search?q=arten&lang=de")["total"]["value"]);
  BOOST_TEST(get("/v1/search?q=arten")["total"]["value"].get<int>() > 0);
  json bats = get("/v1/search?q=" + url_encode("fledermäuse zählen"));
  BOOST_TEST_REQUIRE(!bats["hits"].empty());
  BOOST_TEST(bats["hits"][0]["id"] == "krs-2024-0143");
  json marked = get("/v1/search?q=fledermaus");
  BOOST_TEST_REQUIRE(!marked["hits"].empty());
  BOOST_TEST(marked["hits"][0]["highlight"]["body"].dump().find("<mark>Fledermäuse</mark>") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(autocomplete) {
  json r = get("/v1/suggest?q=lumo&limit=5");
  BOOST_TEST_REQUIRE(!r["suggestions"].empty());
  BOOST_TEST(r["suggestions"][0]["text"] == "lumora");
  BOOST_TEST(r["suggestions"][0]["count"].get<int>() >= 3);
  json two = get("/v1/suggest?q=" + url_encode("water rat"));
  BOOST_TEST_REQUIRE(!two["suggestions"].empty());
  BOOST_TEST(two["suggestions"][0]["text"] == "water rationing");
  BOOST_TEST(get("/v1/suggest?q=" + url_encode("reserve b"))["suggestions"][0]["text"] ==
             "reserve bank");
}

BOOST_AUTO_TEST_CASE(related_articles) {
  json r = get("/v1/articles/mws-2024-0301/related?per_page=5");
  auto related = ids(r);
  BOOST_TEST(related.size() == 5u);
  BOOST_TEST(!contains(related, "mws-2024-0301"));
  BOOST_TEST(contains(related, "vep-2025-0142"));  // rationing returns to Dunmere
}

BOOST_AUTO_TEST_CASE(fragments_and_highlight_tags) {
  json r = get("/v1/search?q=reservoir&fragments=3&highlight_pre=" + url_encode("<em>") +
               "&highlight_post=" + url_encode("</em>"));
  BOOST_TEST_REQUIRE(!r["hits"].empty());
  const json& body = r["hits"][0]["highlight"]["body"];
  BOOST_TEST(body.size() >= 2u);
  BOOST_TEST(body.size() <= 3u);
  for (const auto& f : body) BOOST_TEST(f.get<std::string>().find("<em>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(post_with_explain) {
  HttpResult r = http_request(server->port(), "POST", "/v1/search",
                              R"({"q":"interest rate","lang":["en"],"explain":true,"per_page":3})");
  BOOST_TEST_REQUIRE(r.status == 200u, r.body);
  json j = json::parse(r.body);
  BOOST_TEST(j["parsed_query"].get<std::string>().find("interest") != std::string::npos);
  BOOST_TEST(j["hits"].size() == 3u);
  BOOST_TEST(j["hits"][0]["explain"].contains("text_score"));
}

BOOST_AUTO_TEST_CASE(story_collapse) {
  std::string q = url_encode("reserve bank interest rate first time in three years");
  json collapsed = get("/v1/search?per_page=20&q=" + q);
  json all = get("/v1/search?per_page=20&collapse=false&q=" + q);
  auto a = ids(collapsed), b = ids(all);
  BOOST_TEST(contains(b, "ledger-2024-0361"));
  BOOST_TEST(contains(b, "vep-2024-0208"));
  BOOST_TEST(contains(a, "ledger-2024-0361") != contains(a, "vep-2024-0208"));
  for (const auto& hit : collapsed["hits"]) {
    if (hit["id"] == "ledger-2024-0361" || hit["id"] == "vep-2024-0208") {
      BOOST_TEST(hit["more_sources"] == 1);
      BOOST_TEST(hit["other_sources"].size() == 1u);
      BOOST_TEST(hit["other_sources"][0] != hit["source"]);
    }
  }
  auto related = ids(get("/v1/articles/ledger-2024-0361/related"));
  BOOST_TEST(!contains(related, "vep-2024-0208"));  // its own story is not "related"
  BOOST_TEST(error_for("/v1/search?q=x&collapse=maybe").find("collapse") == 0u);
}

BOOST_AUTO_TEST_CASE(synonyms_apply_and_reload) {
  std::string file = (dir / "synonyms.txt").string();
  { std::ofstream(file) << "nrb, reserve bank\n"; }
  Server with_synonyms(db(), 1, {"--synonyms", file});
  auto search = [&](const std::string& q) {
    HttpResult r =
        http_request(with_synonyms.port(), "GET", "/v1/search?per_page=50&collapse=false&q=" + q);
    BOOST_TEST(r.status == 200u);
    return json::parse(r.body);
  };
  json nrb = search("nrb");
  BOOST_TEST(nrb["hits"].size() >= 5u);
  BOOST_TEST(contains(ids(nrb), "ledger-2024-0361"));
  BOOST_TEST(!contains(ids(search("dockers")), "ledger-2025-0231"));
  { std::ofstream(file) << "nrb, reserve bank\ndockers, dockworkers\n"; }
  std::filesystem::last_write_time(
      file, std::filesystem::file_time_type::clock::now() + std::chrono::seconds(10));
  // Reloaded within a second or two (the server looks at most once a second).
  BOOST_TEST(eventually([&] { return contains(ids(search("dockers")), "ledger-2025-0231"); },
                        std::chrono::seconds(3)));
}

BOOST_AUTO_TEST_CASE(bad_values_name_the_parameter) {
  BOOST_TEST(error_for("/v1/search?q=x&sort=popular").find("sort") == 0u);
  BOOST_TEST(error_for("/v1/search?q=x&recency=extreme").find("recency") == 0u);
  BOOST_TEST(error_for("/v1/search?q=x&from=soon").find("from") == 0u);
  BOOST_TEST(error_for("/v1/search?q=x&to=2025-13-01").find("to") == 0u);
  BOOST_TEST(error_for("/v1/search?q=x&facets=colour").find("facets") == 0u);
  BOOST_TEST(error_for("/v1/search?q=x&fragments=0").find("fragments") == 0u);
  BOOST_TEST(error_for("/v1/search?q=x&half_life=fortnight").find("half_life") == 0u);
  BOOST_TEST(error_for("/v1/search?q=x&explain=perhaps").find("explain") == 0u);
  BOOST_TEST(error_for("/v1/search?q=x&page=1001&per_page=10").find("page * per_page") == 0u);
  BOOST_TEST(error_for("/v1/suggest?q=x&limit=0").find("limit") == 0u);
  BOOST_TEST(error_for("/v1/articles/mws-2024-0301/related?per_page=500").find("per_page") == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
