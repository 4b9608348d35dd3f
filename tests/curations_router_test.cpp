// The editor's picks routes: GET /v1/curations, PUT and DELETE /v1/curations/{id}, with the admin
// key, through a real ArticleWriter on a temporary index.
#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "server/article_writer.h"
#include "server/router.h"
#include "tests/router_fixture.h"

using namespace dateline;
using nlohmann::json;

namespace {

constexpr const char* kAdminKey = "admin-key-0123456789";
constexpr const char* kSearchKey = "search-key-0123456789";

const std::string kRule =
    R"({"query": "Harbour Authority", "pin": [{"id": "m2", "position": 1}], "hide": ["m1"]})";

struct CurationsFixture : test::MiniRouter {
  std::unique_ptr<ArticleWriter> writer;

  CurationsFixture() {
    writer = std::make_unique<ArticleWriter>(db, std::chrono::milliseconds(200));
    options.writer = writer.get();
    options.admin_key = kAdminKey;
    options.search_key = kSearchKey;
  }

  json body_of(const HttpResponse& res) { return json::parse(res.body()); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(curations_router, CurationsFixture)

BOOST_AUTO_TEST_CASE(curations_need_the_admin_key) {
  BOOST_TEST(send(http::verb::get, "/v1/curations").result_int() == 401u);
  BOOST_TEST(send(http::verb::get, "/v1/curations", kSearchKey).result_int() == 403u);
  BOOST_TEST(send(http::verb::put, "/v1/curations/r1", "", kRule).result_int() == 401u);
  BOOST_TEST(send(http::verb::put, "/v1/curations/r1", kSearchKey, kRule).result_int() == 403u);
  BOOST_TEST(send(http::verb::delete_, "/v1/curations/r1", kSearchKey).result_int() == 403u);
  BOOST_TEST(send(http::verb::post, "/v1/curations", kAdminKey).result_int() == 405u);
  options.admin_key.clear();
  BOOST_TEST(send(http::verb::get, "/v1/curations", kAdminKey).result_int() == 403u);
}

BOOST_AUTO_TEST_CASE(writes_run_on_the_writer_lane) {
  HttpRequest put{http::verb::put, "/v1/curations/r1", 11};
  BOOST_TEST((request_lane(put) == RequestLane::kWriter));
  HttpRequest get{http::verb::get, "/v1/curations", 11};
  BOOST_TEST((request_lane(get) == RequestLane::kQueued));
}

BOOST_AUTO_TEST_CASE(a_rule_is_created_listed_applied_replaced_and_deleted) {
  BOOST_TEST(body_of(send(http::verb::get, "/v1/curations", kAdminKey)) ==
             json({{"rules", json::array()}}));
  HttpResponse created = send(http::verb::put, "/v1/curations/r1", kAdminKey, kRule);
  BOOST_TEST(created.result_int() == 201u);
  BOOST_TEST(body_of(created)["rule"]["id"] == "r1");
  json list = body_of(send(http::verb::get, "/v1/curations", kAdminKey));
  BOOST_TEST(list["rules"].size() == 1u);
  BOOST_TEST(list["rules"][0]["query"] == "Harbour Authority");

  json found =
      body_of(send(http::verb::get, "/v1/search?q=harbour+authority&explain=true", kSearchKey));
  BOOST_TEST(found["hits"][0]["id"] == "m2");
  BOOST_TEST(found["hits"][0]["pinned"] == true);
  for (const auto& hit : found["hits"]) BOOST_TEST(hit["id"] != "m1");
  BOOST_TEST(found["curation"]["rule"] == "r1");
  BOOST_TEST(found["curation"]["pinned"] == json::array({"m2"}));
  BOOST_TEST(found["curation"]["hidden"] == json::array({"m1"}));
  json plain = body_of(send(http::verb::get, "/v1/search?q=harbour+authority", kSearchKey));
  BOOST_TEST(!plain.contains("curation"));

  HttpResponse replaced = send(http::verb::put, "/v1/curations/r1", kAdminKey,
                               R"({"id": "r1", "query": "harbour authority", "hide": ["m2"]})");
  BOOST_TEST(replaced.result_int() == 200u);
  BOOST_TEST(body_of(replaced)["created"] == false);

  HttpResponse deleted = send(http::verb::delete_, "/v1/curations/r1", kAdminKey);
  BOOST_TEST(deleted.result_int() == 200u);
  BOOST_TEST(body_of(deleted) == json({{"deleted", true}, {"id", "r1"}}));
  HttpResponse again = send(http::verb::delete_, "/v1/curations/r1", kAdminKey);
  BOOST_TEST(again.result_int() == 404u);
  BOOST_TEST(body_of(again)["error"]["message"] == "no curation rule with id 'r1'");
}

BOOST_AUTO_TEST_CASE(bad_rules_are_400_naming_the_field) {
  auto error = [&](const std::string& target, const std::string& body) {
    HttpResponse res = send(http::verb::put, target, kAdminKey, body);
    BOOST_TEST(res.result_int() == 400u);
    return body_of(res)["error"]["message"].get<std::string>();
  };
  BOOST_TEST(error("/v1/curations/r1", "not json") == "request body is not valid JSON");
  BOOST_TEST(error("/v1/curations/r1", std::string(100, '[')).find("nested deeper") !=
             std::string::npos);
  BOOST_TEST(error("/v1/curations/r1", R"({"query": "q", "pin": [{"id": "m1"}]})") ==
             "pin[0].position must be an integer 1..100");
  BOOST_TEST(error("/v1/curations/r1", R"({"id": "r2", "query": "q", "hide": ["m1"]})") ==
             "id 'r2' differs from the rule id in the path 'r1'");
  BOOST_TEST(error("/v1/curations/a%20b", R"({"query": "q", "hide": ["m1"]})") ==
             "id must be 1..200 letters, digits, '-', '_' or '.'");
  BOOST_TEST(send(http::verb::put, "/v1/curations/", kAdminKey, kRule).result_int() == 404u);
  BOOST_TEST(send(http::verb::put, "/v1/curations/a/b", kAdminKey, kRule).result_int() == 404u);
  BOOST_TEST(body_of(send(http::verb::get, "/v1/curations", kAdminKey))["rules"].empty());
}

BOOST_AUTO_TEST_SUITE_END()
