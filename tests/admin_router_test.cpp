// The admin routes of the router with a real ArticleWriter on a temporary index:
// POST /v1/articles, DELETE /v1/articles/{id}, and the admin and search keys.

#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include "server/article_writer.h"
#include "server/router.h"
#include "tests/router_fixture.h"

using namespace dateline;
using nlohmann::json;

namespace {

constexpr const char* kAdminKey = "admin-key-0123456789";
constexpr const char* kSearchKey = "search-key-0123456789";

std::string article_line(const std::string& id, const std::string& title) {
  return json{{"id", id},
              {"title", title},
              {"body", "Body of " + title + "."},
              {"published_at", "2025-06-02T08:00:00Z"}}
      .dump();
}

struct AdminFixture : test::MiniRouter {
  std::unique_ptr<ArticleWriter> writer;

  AdminFixture() {
    writer = std::make_unique<ArticleWriter>(db, std::chrono::milliseconds(200));
    options.writer = writer.get();
    options.admin_key = kAdminKey;
  }

  json body_of(const HttpResponse& res) { return json::parse(res.body()); }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(admin_router, AdminFixture)

BOOST_AUTO_TEST_CASE(writes_need_the_admin_key) {
  std::string line = article_line("a1", "Tidal power plant opens");
  HttpResponse missing = send(http::verb::post, "/v1/articles", "", line);
  BOOST_TEST(missing.result_int() == 401u);
  BOOST_TEST(std::string(missing[http::field::www_authenticate]).rfind("Bearer", 0) == 0u);
  BOOST_TEST(body_of(missing)["error"]["code"] == "unauthorized");
  HttpResponse wrong = send(http::verb::post, "/v1/articles", "not-the-admin-key-000", line);
  BOOST_TEST(wrong.result_int() == 403u);
  BOOST_TEST(body_of(wrong)["error"]["code"] == "forbidden");
  BOOST_TEST(send(http::verb::delete_, "/v1/articles/m1").result_int() == 401u);
  BOOST_TEST(send(http::verb::get, "/v1/articles/a1").result_int() == 404u);
}

BOOST_AUTO_TEST_CASE(no_admin_key_disables_writes) {
  options.admin_key.clear();
  HttpResponse res = send(http::verb::post, "/v1/articles", kAdminKey, article_line("a1", "T"));
  BOOST_TEST(res.result_int() == 403u);
  BOOST_TEST(body_of(res)["error"]["message"] ==
             "writes are disabled: no admin key is configured (set DATELINE_ADMIN_KEY)");
}

BOOST_AUTO_TEST_CASE(post_indexes_every_good_line_and_reports_each_bad_one) {
  std::string body = article_line("a1", "Tidal power plant opens") + "\n" +
                     "{\"id\":\"a2\",\"body\":\"no title\"}\n" + "not json\n" +
                     article_line("a3", "Ferry timetable changes") + "\n" +
                     "{\"op\":\"delete\",\"id\":\"m1\"}\n";
  HttpResponse res = send(http::verb::post, "/v1/articles", kAdminKey, body);
  BOOST_TEST(res.result_int() == 422u);
  json report = body_of(res);
  BOOST_TEST(report["errors"] == true);
  BOOST_TEST(report["lines"] == 5);
  BOOST_TEST(report["indexed"] == 2);
  BOOST_TEST(report["deleted"] == 1);
  BOOST_TEST(report["rejected"] == 2);
  BOOST_TEST(report["results"].size() == 2u);
  BOOST_TEST(report["results"][0]["line"] == 2);
  BOOST_TEST(report["results"][0]["error"] == "missing title");
  BOOST_TEST(report["results"][1]["line"] == 3);
  BOOST_TEST(send(http::verb::get, "/v1/articles/a1").result_int() == 200u);
  BOOST_TEST(send(http::verb::get, "/v1/articles/a3").result_int() == 200u);
  BOOST_TEST(send(http::verb::get, "/v1/articles/a2").result_int() == 404u);
  BOOST_TEST(send(http::verb::get, "/v1/articles/m1").result_int() == 404u);
}

BOOST_AUTO_TEST_CASE(post_rejects_a_deeply_nested_line_and_indexes_the_rest) {
  std::string deep = "{\"id\":\"d\",\"title\":\"t\",\"x\":" + std::string(300000, '[') +
                     std::string(300000, ']') + "}";
  std::string body = article_line("a1", "Tidal power plant opens") + "\n" + deep + "\n" +
                     article_line("a3", "Ferry timetable changes") + "\n";
  HttpResponse res = send(http::verb::post, "/v1/articles", kAdminKey, body);
  BOOST_TEST(res.result_int() == 422u);
  json report = body_of(res);
  BOOST_TEST(report["indexed"] == 2);
  BOOST_TEST_REQUIRE(report["results"].size() == 1u);
  BOOST_TEST(report["results"][0]["line"] == 2);
  BOOST_TEST(report["results"][0]["error"] == "JSON nested deeper than 64 levels");
}

BOOST_AUTO_TEST_CASE(post_with_only_good_lines_is_200_without_errors) {
  HttpResponse res =
      send(http::verb::post, "/v1/articles", kAdminKey, article_line("a1", "Tidal power") + "\n");
  BOOST_TEST(res.result_int() == 200u);
  BOOST_TEST(body_of(res)["errors"] == false);
  BOOST_TEST(body_of(res)["results"].empty());
  BOOST_TEST(send(http::verb::post, "/v1/articles", kAdminKey, " \n").result_int() == 400u);
}

BOOST_AUTO_TEST_CASE(delete_removes_an_article_or_answers_404) {
  HttpResponse res = send(http::verb::delete_, "/v1/articles/m2", kAdminKey);
  BOOST_TEST(res.result_int() == 200u);
  BOOST_TEST(body_of(res)["id"] == "m2");
  BOOST_TEST(send(http::verb::get, "/v1/articles/m2").result_int() == 404u);
  HttpResponse again = send(http::verb::delete_, "/v1/articles/m2", kAdminKey);
  BOOST_TEST(again.result_int() == 404u);
  BOOST_TEST(body_of(again)["error"]["code"] == "not_found");
}

BOOST_AUTO_TEST_CASE(write_waits_a_bounded_time_for_another_writer) {
  Xapian::WritableDatabase other(db, Xapian::DB_OPEN);
  HttpResponse res = send(http::verb::delete_, "/v1/articles/m2", kAdminKey);
  BOOST_TEST(res.result_int() == 503u);
  BOOST_TEST(body_of(res)["error"]["message"] ==
             "index is locked by another writer; try again later");
}

BOOST_AUTO_TEST_CASE(search_key_guards_read_routes_but_not_health) {
  options.search_key = kSearchKey;
  BOOST_TEST(send(http::verb::get, "/v1/search?q=harbour").result_int() == 401u);
  BOOST_TEST(send(http::verb::get, "/v1/search?q=harbour", "wrong-key-0123456789").result_int() ==
             403u);
  BOOST_TEST(send(http::verb::get, "/v1/search?q=harbour", kSearchKey).result_int() == 200u);
  BOOST_TEST(send(http::verb::get, "/v1/articles/m1", kAdminKey).result_int() == 200u);
  BOOST_TEST(send(http::verb::get, "/healthz").result_int() == 200u);
  // The analytics key reads embargoed articles, so it passes the search key's routes too.
  options.analytics_key = "analytics-key-0123456789";
  BOOST_TEST(send(http::verb::get, "/v1/search?q=harbour&include_embargoed=true",
                  "analytics-key-0123456789")
                 .result_int() == 200u);
  BOOST_TEST(send(http::verb::get, "/v1/search?q=harbour&include_embargoed=true", kSearchKey)
                 .result_int() == 403u);
}

BOOST_AUTO_TEST_CASE(other_methods_on_articles_are_405) {
  HttpResponse res = send(http::verb::get, "/v1/articles");
  BOOST_TEST(res.result_int() == 405u);
  BOOST_TEST(std::string(res[http::field::allow]) == "POST");
}

BOOST_AUTO_TEST_SUITE_END()
