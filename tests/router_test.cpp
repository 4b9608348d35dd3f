#include "server/router.h"

#include <boost/test/unit_test.hpp>
#include <sys/stat.h>

#include "core/error.h"
#include "tests/test_support.h"

using namespace dateline;
using nlohmann::json;

namespace {

struct RouterFixture {
  test::TempDir dir;
  std::string db = dir.str("db");
  std::unique_ptr<SearchService> service;
  RouterOptions options;

  RouterFixture() {
    test::index_jsonl(db, test::read_file(test::data_path("mini.jsonl")));
    service = std::make_unique<SearchService>(db);
    options.web_root = dir.str("web");
    std::filesystem::create_directory(options.web_root);
    dir.write_file("web/index.html", "<!doctype html><title>Dateline</title>");
    options.static_files = load_static_files(options.web_root);
  }

  HttpResponse get(const std::string& target, http::verb method = http::verb::get) {
    HttpRequest req{method, target, 11};
    req.keep_alive(true);
    return handle_request(req, *service, options);
  }

  json get_json(const std::string& target, http::status expected) {
    HttpResponse res = get(target);
    BOOST_TEST(res.result_int() == static_cast<unsigned>(expected), target);
    BOOST_TEST(res[http::field::content_type] == "application/json; charset=utf-8");
    return json::parse(res.body());
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(router, RouterFixture)

BOOST_AUTO_TEST_CASE(search_returns_the_documented_shape) {
  json j = get_json("/v1/search?q=interest+rate&per_page=5", http::status::ok);
  BOOST_TEST(j["query"] == "interest rate");
  BOOST_TEST(j["total"]["value"] == 2);
  BOOST_TEST(j["total"]["relation"] == "eq");
  BOOST_TEST(j["page"] == 1);
  BOOST_TEST(j["per_page"] == 5);
  BOOST_TEST(j["took_ms"].is_number());
  const json& hit = j["hits"][0];
  BOOST_TEST(hit["id"] == "m3");
  BOOST_TEST(hit["url"] == "https://ledger.example/m3");
  BOOST_TEST(hit["source"] == "The Harbor Ledger");
  BOOST_TEST(hit["section"] == "Business");
  BOOST_TEST(hit["authors"] == json({"Ana Ruiz", "Li Wen"}));
  BOOST_TEST(hit["published_at"] == "2025-03-20T14:30:00Z");
  BOOST_TEST(hit["score"].get<double>() > 0);
  BOOST_TEST(hit["highlight"]["title"] ==
             "Central bank holds <mark>interest</mark> <mark>rate</mark>");
  BOOST_TEST(hit["highlight"]["body"][0].get<std::string>().find("<mark>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(client_mistakes_get_4xx_json_errors) {
  json j = get_json("/v1/search?q=x&per_page=500", http::status::bad_request);
  BOOST_TEST(j["error"]["code"] == "invalid_argument");
  BOOST_TEST(j["error"]["message"] == "per_page must be 1..100");
  get_json("/v1/search?page=0", http::status::bad_request);
  get_json("/v1/search?q=%E0%A4", http::status::bad_request);
  j = get_json("/v2/nothing", http::status::not_found);
  BOOST_TEST(j["error"]["code"] == "not_found");
  HttpResponse res = get("/v1/search?q=x", http::verb::put);
  BOOST_TEST(res[http::field::allow] == "GET, HEAD, POST");
  res = get("/v1/stats", http::verb::post);
  BOOST_TEST(res.result_int() == 405u);
  BOOST_TEST(res[http::field::allow] == "GET, HEAD");
  BOOST_TEST(json::parse(res.body())["error"]["code"] == "method_not_allowed");
}

BOOST_AUTO_TEST_CASE(post_search_takes_a_json_body) {
  HttpRequest req{http::verb::post, "/v1/search", 11};
  req.body() = R"({"q":"rate","source":["The Harbor Ledger"],"facets":["source"]})";
  req.prepare_payload();
  HttpResponse res = handle_request(req, *service, options);
  BOOST_TEST(res.result_int() == 200u);
  json j = json::parse(res.body());
  BOOST_TEST(j["total"]["value"] == 1);
  BOOST_TEST(j["hits"][0]["id"] == "m3");
  BOOST_TEST(j["facets"]["source"].size() == 2u);  // disjunctive: Metro Wire still counted
  req.body() = "{not json";
  req.prepare_payload();
  res = handle_request(req, *service, options);
  BOOST_TEST(res.result_int() == 400u);
  BOOST_TEST(json::parse(res.body())["error"]["message"] == "request body is not valid JSON");
  req.body() = "{\"q\":" + std::string(500000, '[') + std::string(500000, ']') + "}";
  req.prepare_payload();
  res = handle_request(req, *service, options);
  BOOST_TEST(res.result_int() == 400u);
  BOOST_TEST(json::parse(res.body())["error"]["message"] ==
             "request body: JSON nested deeper than 64 levels");
}

BOOST_AUTO_TEST_CASE(suggest_and_related_routes) {
  json j = get_json("/v1/suggest?q=harbour+au&limit=3", http::status::ok);
  BOOST_TEST(j["suggestions"][0]["text"] == "harbour authority");
  BOOST_TEST(j["suggestions"][0]["count"] == 1);
  get_json("/v1/suggest?q=a&limit=99", http::status::bad_request);
  get_json("/v1/suggest?q=a&size=3", http::status::bad_request);
  j = get_json("/v1/articles/m1/related?per_page=2", http::status::ok);
  BOOST_TEST(j["hits"].size() <= 2u);
  BOOST_TEST(j["hits"][0]["id"] != "m1");
  get_json("/v1/articles/nope/related", http::status::not_found);
  get_json("/v1/articles/m1/other", http::status::not_found);
}

BOOST_AUTO_TEST_CASE(articles_by_id_and_404) {
  json j = get_json("/v1/articles/m6", http::status::ok);
  BOOST_TEST(j["id"] == "m6");
  // JSON bodies carry the stored text; the JSON encoding keeps it inert for HTML: no raw '<'.
  HttpResponse res = get("/v1/articles/m6");
  BOOST_TEST(res.body().find("<script>") == std::string::npos);
  BOOST_TEST(json::parse(res.body())["summary"].get<std::string>().find("<script>") !=
             std::string::npos);
  BOOST_TEST(get_json("/v1/articles/a%2Fb%20c", http::status::ok)["id"] == "a/b c");
  j = get_json("/v1/articles/missing", http::status::not_found);
  BOOST_TEST(j["error"]["message"] == "no article with id 'missing'");
  get_json("/v1/articles/a/b", http::status::not_found);
}

BOOST_AUTO_TEST_CASE(health_and_stats) {
  json j = get_json("/healthz", http::status::ok);
  BOOST_TEST(j == json({{"status", "ok"}, {"documents", 8}}));
  j = get_json("/v1/stats", http::status::ok);
  BOOST_TEST(j["documents"] == 8);
  BOOST_TEST(j["schema"]["name"] == "news");
}

BOOST_AUTO_TEST_CASE(head_has_headers_but_no_body) {
  HttpResponse res = get("/healthz", http::verb::head);
  BOOST_TEST(res.result_int() == 200u);
  BOOST_TEST(res.body().empty());
}

BOOST_AUTO_TEST_CASE(serves_the_search_page_and_refuses_traversal) {
  HttpResponse res = get("/");
  BOOST_TEST(res.result_int() == 200u);
  BOOST_TEST(res[http::field::content_type] == "text/html; charset=utf-8");
  BOOST_TEST(get("/static/../db/iamglass").result_int() == 404u);
  BOOST_TEST(get("/static/%2e%2e/x").result_int() == 404u);
}

// Issue 21: "/static//etc/passwd" joined an absolute path onto the web root and served any file.
BOOST_AUTO_TEST_CASE(static_urls_reach_only_the_files_loaded_at_start) {
  dir.write_file("web/app.js", "export {};");
  dir.write_file("web/.secret", "hidden");
  dir.write_file("outside.txt", "DATELINE_ADMIN_KEY=k");
  std::filesystem::create_directory(dir.str("web/sub"));
  dir.write_file("web/sub/page.css", "body{}");
  std::filesystem::create_symlink(dir.str("outside.txt"), dir.str("web/link.txt"));
  std::filesystem::create_directory_symlink("/etc", dir.str("web/etc"));
  BOOST_REQUIRE(mkfifo(dir.str("web/fifo").c_str(), 0600) == 0);  // would block a reader
  options.static_files = load_static_files(options.web_root);
  dir.write_file("web/later.js", "export {};");  // not there at start: not served

  BOOST_TEST(get("/static/app.js").result_int() == 200u);
  BOOST_TEST(get("/static/sub/page.css").body() == "body{}");
  for (const char* target :
       {"/static//etc/passwd", "/static//proc/self/environ", "/static//dev/zero",
        "/static/link.txt", "/static/etc/passwd", "/static/fifo", "/static/.secret",
        "/static/later.js", "/static/", "/static/sub", "/static/sub/", "/static/./app.js",
        "/static/sub/../app.js", "/static/%2Fetc%2Fpasswd", "/static/app.js%00.html"}) {
    HttpResponse res = get(target);
    BOOST_TEST(res.result_int() == 404u, target);
    BOOST_TEST(res[http::field::content_type] == "application/json; charset=utf-8", target);
  }
}

BOOST_AUTO_TEST_CASE(a_web_root_over_its_limits_is_refused_at_start) {
  dir.write_file("web/big.js", std::string(2000, 'x'));
  StaticFileLimits limits;
  limits.max_file_bytes = 1000;
  BOOST_CHECK_THROW(load_static_files(options.web_root, limits), Error);
  limits = {};
  limits.max_total_bytes = 1500;
  BOOST_CHECK_THROW(load_static_files(options.web_root, limits), Error);
  limits = {};
  limits.max_files = 1;
  BOOST_CHECK_THROW(load_static_files(options.web_root, limits), Error);
  BOOST_CHECK_THROW(load_static_files(dir.str("missing")), Error);
  BOOST_TEST(load_static_files(options.web_root)->size() == 2u);
}

BOOST_AUTO_TEST_CASE(static_files_can_be_loaded_from_any_origin) {
  dir.write_file("web/widget.js", "export {};");
  options.static_files = load_static_files(options.web_root);
  auto from = [&](const std::string& target, const std::string& origin) {
    HttpRequest req{http::verb::get, target, 11};
    req.set(http::field::origin, origin);
    return handle_request(req, *service, options);
  };
  // CORS off (the default): the widget script still loads cross-origin; the page does not need to.
  HttpResponse script = from("/static/widget.js", "https://news.example");
  BOOST_TEST(script.result_int() == 200u);
  BOOST_TEST(script[http::field::content_type] == "text/javascript; charset=utf-8");
  BOOST_TEST(script[http::field::access_control_allow_origin] == "*");
  BOOST_TEST(from("/", "https://news.example").count(http::field::access_control_allow_origin) ==
             0u);
  BOOST_TEST(from("/v1/search?q=rate", "https://news.example")
                 .count(http::field::access_control_allow_origin) == 0u);

  // CORS on: an allowed origin is named, any other still gets the script but not the API.
  options.cors.allowed_origins = {"https://news.example"};
  BOOST_TEST(
      from("/static/widget.js", "https://news.example")[http::field::access_control_allow_origin] ==
      "https://news.example");
  BOOST_TEST(from("/static/widget.js",
                  "https://other.example")[http::field::access_control_allow_origin] == "*");
  BOOST_TEST(from("/v1/search?q=rate", "https://other.example")
                 .count(http::field::access_control_allow_origin) == 0u);
}

BOOST_AUTO_TEST_SUITE_END()
