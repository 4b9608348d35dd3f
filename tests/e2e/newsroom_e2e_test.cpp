// Embargo and expiry over HTTP with the real binaries: an article embargoed a few seconds ahead
// is invisible in every reader's route until its instant, then appears with no reindex and no
// restart; the admin key sees it early; an expired one never shows. Corrections come back in
// hits, and sort=updated orders by them.
#include <chrono>
#include <ctime>
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

// Named, not anonymous: the end-to-end suites are compiled in unity batches.
namespace newsroom_e2e_detail {

constexpr const char* kNewsroomKey = "e2e-newsroom-admin-4b71c2";
constexpr const char* kEditorKey = "e2e-newsroom-editor-90d3e1";
constexpr const char* kReadKey = "e2e-newsroom-analytics-1c55aa";

std::int64_t seconds_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

HttpResult call(unsigned short port, const std::string& method, const std::string& target,
                const std::string& key, const std::string& body) {
  std::string raw = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!key.empty()) raw += "Authorization: Bearer " + key + "\r\n";
  raw += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
  return http_raw(port, raw);
}

HttpResult get(unsigned short port, const std::string& target, const std::string& key = "") {
  return call(port, "GET", target, key, "");
}

std::uint64_t total(unsigned short port, const std::string& q, const std::string& key = "",
                    const std::string& more = "") {
  HttpResult r = get(port, "/v1/search?q=" + url_encode(q) + more, key);
  BOOST_TEST_REQUIRE(r.status == 200u, r.body);
  return json::parse(r.body)["total"]["value"].get<std::uint64_t>();
}

struct Newsroom {
  ScratchDir dir{"dateline-newsroom-e2e-"};
  // A few seconds ahead (room for indexing and starting the server under the sanitizers on a
  // busy machine): the test waits for it, and checks that its "before" part ran before it.
  std::int64_t lifts = seconds_now() + 8;
  std::unique_ptr<Server> server;

  Newsroom() {
    std::string path = (dir.path() / "articles.jsonl").string();
    std::ofstream out(path);
    out << json{{"id", "open"},
                {"title", "Ferry timetable changes"},
                {"body", "The ferry timetable changes on Monday, the harbour office said."},
                {"published_at", "2025-05-01T08:00:00Z"},
                {"updated_at", "2025-05-02T09:30:00Z"},
                {"correction", "An earlier version gave the wrong day."}}
               .dump()
        << "\n"
        << json{{"id", "held"},
                {"title", "Quillfeather prize winner named"},
                {"body", "The Quillfeather prize goes to a ferry pilot, the jury said."},
                {"published_at", "2025-05-03T08:00:00Z"},
                {"embargo_until", lifts}}
               .dump()
        << "\n"
        << json{{"id", "gone"},
                {"title", "Ferry strike wire copy"},
                {"body", "Wire copy about a ferry strike, licensed for one day only."},
                {"published_at", "2025-04-01T08:00:00Z"},
                {"expires_at", seconds_now() - 60}}
               .dump()
        << "\n";
    out.close();
    CommandResult r = run_dateline({"index", "--db", db(), path});
    BOOST_TEST_REQUIRE(r.exit_code == 0, r.err);
    server = std::make_unique<Server>(
        db(), 2,
        std::vector<std::string>{"--admin-key", kNewsroomKey, "--editor-key", kEditorKey,
                                 "--analytics-key", kReadKey, "--analytics", "false"});
  }
  std::string db() const { return (dir.path() / "db").string(); }
  unsigned short port() const { return server->port(); }
};

}  // namespace newsroom_e2e_detail

using namespace newsroom_e2e_detail;

BOOST_FIXTURE_TEST_SUITE(newsroom_e2e, Newsroom)

BOOST_AUTO_TEST_CASE(an_embargo_hides_the_article_until_its_instant) {
  // Before the instant: nowhere a reader looks.
  BOOST_TEST(total(port(), "quillfeather") == 0u);
  BOOST_TEST(total(port(), "ferry") == 1u);
  HttpResult article = get(port(), "/v1/articles/held");
  HttpResult unknown = get(port(), "/v1/articles/no-such-id");
  BOOST_TEST(article.status == 404u);
  BOOST_TEST(json::parse(article.body)["error"]["code"] ==
             json::parse(unknown.body)["error"]["code"]);
  BOOST_TEST(get(port(), "/v1/articles/held/related").status == 404u);
  BOOST_TEST(get(port(), "/v1/search.rss?q=quillfeather").body.find("Quillfeather") ==
             std::string::npos);
  HttpResult suggest = get(port(), "/v1/suggest?q=quillf");
  BOOST_TEST(suggest.body.find("quillfeather") == std::string::npos, suggest.body);
  HttpResult widened = get(port(), "/v1/search?q=quill*&explain=true");
  BOOST_TEST(widened.body.find("quillfeather") == std::string::npos, widened.body);
  HttpResult corrected = get(port(), "/v1/search?q=quillfeathr");
  BOOST_TEST(corrected.body.find("quillfeather") == std::string::npos, corrected.body);

  CommandResult early = run_dateline({"release", "--db", db()});
  BOOST_TEST(early.exit_code == 0, early.err);
  BOOST_TEST(early.out == "released 0 articles\n");

  // The admin key with include_embargoed sees it; no key or another key does not.
  BOOST_TEST(total(port(), "quillfeather", kNewsroomKey, "&include_embargoed=true") == 1u);
  BOOST_TEST(get(port(), "/v1/search?q=quillfeather&include_embargoed=true").status == 401u);
  BOOST_TEST(get(port(), "/v1/search?q=quillfeather&include_embargoed=true", "wrong-key").status ==
             403u);
  BOOST_TEST(get(port(), "/v1/articles/held?include_embargoed=true", kNewsroomKey).status == 200u);
  BOOST_TEST(total(port(), "ferry", kNewsroomKey, "&include_embargoed=true") == 3u);

  BOOST_TEST_REQUIRE(seconds_now() < lifts, "the checks above ran after the embargo lifted");

  // At the instant it appears: no reindex, no restart.
  BOOST_TEST(
      eventually([&] { return total(port(), "quillfeather") == 1u; }, std::chrono::seconds(20)));
  BOOST_TEST(seconds_now() >= lifts);
  BOOST_TEST(get(port(), "/v1/articles/held").status == 200u);
  BOOST_TEST(total(port(), "ferry") == 2u);  // the expired copy stays hidden
  BOOST_TEST(get(port(), "/v1/articles/gone").status == 404u);

  // Its words reach autocomplete and did-you-mean once released (cron, or the next write).
  CommandResult released = run_dateline({"release", "--db", db()});
  BOOST_TEST(released.exit_code == 0, released.err);
  BOOST_TEST(released.out == "released 1 article\n");
  BOOST_TEST(get(port(), "/v1/suggest?q=quillf").body.find("quillfeather") != std::string::npos);
  BOOST_TEST(json::parse(get(port(), "/v1/search?q=quillfeathr").body)["corrected_query"] ==
             "quillfeather");
}

BOOST_AUTO_TEST_CASE(expired_articles_are_deleted_for_good) {
  CommandResult dry = run_dateline({"delete", "--db", db(), "--expired", "--dry-run"});
  BOOST_TEST(dry.exit_code == 0, dry.err);
  BOOST_TEST(dry.out.find("would delete gone\n") == 0u, dry.out);
  BOOST_TEST(total(port(), "ferry", kNewsroomKey, "&include_embargoed=true") == 3u);
  CommandResult done = run_dateline({"delete", "--db", db(), "--expired"});
  BOOST_TEST(done.exit_code == 0, done.err);
  BOOST_TEST(done.out.find("deleted gone\n") == 0u, done.out);
  BOOST_TEST(total(port(), "ferry", kNewsroomKey, "&include_embargoed=true") == 2u);
}

BOOST_AUTO_TEST_CASE(hits_carry_corrections_and_sort_by_update) {
  HttpResult r = get(port(), "/v1/search?q=ferry&sort=updated");
  BOOST_TEST_REQUIRE(r.status == 200u, r.body);
  json hit = json::parse(r.body)["hits"][0];
  BOOST_TEST(hit["id"] == "open");
  BOOST_TEST(hit["updated_at"] == "2025-05-02T09:30:00Z");
  BOOST_TEST(hit["correction"] == "An earlier version gave the wrong day.");
  BOOST_TEST(get(port(), "/v1/search?q=ferry&include_embargoed=maybe", kNewsroomKey).status ==
             400u);
}

BOOST_AUTO_TEST_CASE(takedowns_by_role_hold_against_every_ingest) {
  const std::string takedown = json{{"takedown", "Court order 2026/41"}}.dump();
  // Keys by role: the analytics key cannot take down; the editor key cannot plain-delete.
  BOOST_TEST(call(port(), "DELETE", "/v1/articles/open", "", takedown).status == 401u);
  BOOST_TEST(call(port(), "DELETE", "/v1/articles/open", kReadKey, takedown).status == 403u);
  HttpResult plain = call(port(), "DELETE", "/v1/articles/open", kEditorKey, "");
  BOOST_TEST(plain.status == 403u, plain.body);
  BOOST_TEST(plain.body.find("a plain delete needs the admin key") != std::string::npos,
             plain.body);
  BOOST_TEST(call(port(), "DELETE", "/v1/articles/open", kEditorKey, "{\"takedown\": 5}").status ==
             400u);
  BOOST_TEST(
      call(port(), "DELETE", "/v1/articles/open", kEditorKey, "{\"takedown\": \" \"}").status ==
      400u);

  HttpResult done = call(port(), "DELETE", "/v1/articles/open", kEditorKey, takedown);
  BOOST_TEST_REQUIRE(done.status == 200u, done.body);
  json answer = json::parse(done.body);
  BOOST_TEST(answer["deleted"] == true);
  BOOST_TEST(answer["takedown"]["reason"] == "Court order 2026/41");
  BOOST_TEST(get(port(), "/v1/articles/open").status == 404u);
  BOOST_TEST(total(port(), "ferry timetable") == 0u);

  HttpResult list = get(port(), "/v1/takedowns", kEditorKey);
  BOOST_TEST_REQUIRE(list.status == 200u, list.body);
  BOOST_TEST(json::parse(list.body)["takedowns"][0]["id"] == "open");
  BOOST_TEST(get(port(), "/v1/takedowns", kReadKey).status == 403u);

  // The admin API and the CLI refuse the id from now on, with the reason; the rest goes in.
  std::string again = json{{"id", "open"}, {"title", "Ferry timetable changes"}}.dump() + "\n" +
                      json{{"id", "new"}, {"title", "Ferry fares frozen"}}.dump() + "\n";
  HttpResult posted = call(port(), "POST", "/v1/articles", kNewsroomKey, again);
  BOOST_TEST(posted.status == 422u, posted.body);
  json report = json::parse(posted.body);
  BOOST_TEST(report["indexed"] == 1);
  BOOST_TEST(report["results"][0]["error"].get<std::string>().find("taken down on ") == 0u);
  std::string file = (dir.path() / "again.jsonl").string();
  std::ofstream(file) << again;
  CommandResult rebuilt = run_dateline({"index", "--db", (dir.path() / "db2").string(), file});
  BOOST_TEST(rebuilt.exit_code == 2, rebuilt.err);
  BOOST_TEST(rebuilt.err.find("again.jsonl:1: taken down on ") != std::string::npos, rebuilt.err);
  CommandResult listed = run_dateline({"takedowns", "--db", db()});
  BOOST_TEST(listed.out.find("\topen\tCourt order 2026/41\n") != std::string::npos, listed.out);

  // The editor key edits the picks too; the analytics key may not.
  std::string rule = R"({"query": "ferry", "pin": [{"id": "new", "position": 1}]})";
  BOOST_TEST(call(port(), "PUT", "/v1/curations/ferry", kReadKey, rule).status == 403u);
  HttpResult put = call(port(), "PUT", "/v1/curations/ferry", kEditorKey, rule);
  BOOST_TEST(put.status == 201u, put.body);

  // Who did what: the takedown, the pick and an embargoed read, for the admin only.
  BOOST_TEST(get(port(), "/v1/search?q=quillfeather&include_embargoed=true", kReadKey).status ==
             200u);
  BOOST_TEST(get(port(), "/v1/audit", kEditorKey).status == 403u);
  HttpResult audit = get(port(), "/v1/audit", kNewsroomKey);
  BOOST_TEST_REQUIRE(audit.status == 200u, audit.body);
  json entries = json::parse(audit.body)["entries"];
  BOOST_TEST_REQUIRE(entries.size() == 3u, audit.body);
  BOOST_TEST(entries[0]["action"] == "embargoed_read");
  BOOST_TEST(entries[0]["who"] == "analytics");
  BOOST_TEST(entries[1]["action"] == "curation.create");
  BOOST_TEST(entries[1]["who"] == "editor");
  BOOST_TEST(entries[2]["action"] == "takedown");
  BOOST_TEST(entries[2]["who"] == "editor");
}

BOOST_AUTO_TEST_SUITE_END()
