// Embargo, expiry and corrections through the real writer and search service: what a reader may
// see is judged at the request's instant, with no reindex; held-back words reach spelling and
// autocomplete only when the article is released.
#include <filesystem>
#include <fstream>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "core/clock.h"
#include "core/error.h"
#include "core/sqlite.h"
#include "index/database.h"
#include "index/format.h"
#include "indexer/document_builder.h"
#include "indexer/embargo_release.h"
#include "indexer/index_job.h"
#include "indexer/index_writer.h"
#include "indexer/newsroom_store.h"
#include "indexer/takedown.h"
#include "schema/article.h"
#include "server/search_service.h"
#include "tests/test_support.h"

using namespace dateline;
using nlohmann::json;

namespace {

std::string rfc3339(std::int64_t t) {
  Article a;
  a.published_at = t;
  return article_to_json(a)["published_at"];
}

// Four articles about a lighthouse: one a reader may see, the same story from a second source
// under embargo for an hour, one that expired a minute ago, and one corrected.
struct Newsroom {
  test::TempDir dir;
  std::string db = dir.str("db");
  std::int64_t now = unix_now();
  std::int64_t lifts = now + 3600;
  std::string body =
      "The old lighthouse on Skerry Point was relit on Monday after a year of repairs, the "
      "harbour trust said, and its keeper Ansgar Veldhuis climbed the stairs to light it.";

  Newsroom() {
    std::string lines =
        json{{"id", "open"},
             {"title", "Lighthouse relit at Skerry Point"},
             {"body", body},
             {"source", "Coast Courier"},
             {"published_at", rfc3339(now - 7200)}}
            .dump() +
        "\n" +
        json{{"id", "held"},
             {"title", "Skerry Point lighthouse Zephyrine relit"},
             {"body", body},
             {"source", "Harbor Ledger"},
             {"published_at", rfc3339(now - 7000)},
             {"embargo_until", rfc3339(lifts)}}
            .dump() +
        "\n" +
        json{{"id", "gone"},
             {"title", "Lighthouse tender rights"},
             {"body", "Wire copy about the lighthouse tender, licensed for a week."},
             {"source", "Wire"},
             {"published_at", rfc3339(now - 86400 * 8)},
             {"expires_at", rfc3339(now - 60)}}
            .dump() +
        "\n" +
        json{{"id", "fixed"},
             {"title", "Lighthouse keeper named"},
             {"body", "The lighthouse keeper is Ansgar Veldhuis, not Ansgar Feldhuis."},
             {"source", "Coast Courier"},
             {"published_at", rfc3339(now - 86400)},
             {"updated_at", rfc3339(now - 600)},
             {"correction", "An earlier version misspelt the keeper's name."}}
            .dump() +
        "\n";
    test::index_jsonl(db, lines);
  }

  SearchResponse search(const std::string& q, std::int64_t at, bool include_hidden = false) {
    SearchService service(db);
    SearchRequest request;
    request.q = q;
    request.now = at;
    request.include_hidden = include_hidden;
    request.facets = {"source"};
    return service.search(request);
  }

  static std::set<std::string> ids(const SearchResponse& r) {
    std::set<std::string> out;
    for (const auto& h : r.hits) out.insert(h.id);
    return out;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(newsroom)

BOOST_AUTO_TEST_CASE(dates_are_read_and_checked) {
  json in = {{"id", "x"},
             {"title", "T"},
             {"embargo_until", "2030-01-02T03:04:05Z"},
             {"expires_at", 1924992000},
             {"correction", "  A  note. "}};
  Record r = record_from_json(in, "en");
  const Article* a = std::get_if<Article>(&r);
  BOOST_TEST_REQUIRE(a != nullptr);
  BOOST_TEST(*a->embargo_until == 1893553445);
  BOOST_TEST(*a->expires_at == 1924992000);
  BOOST_TEST(a->correction == "A note.");
  json out = article_to_json(*a);
  BOOST_TEST(out["embargo_until"] == "2030-01-02T03:04:05Z");
  BOOST_TEST(out["correction"] == "A note.");
  BOOST_TEST(!visible_at(*a, 1893553444));

  in["expires_at"] = "2030-01-02T03:04:05Z";  // the instant the embargo lifts: never visible
  Record never = record_from_json(in, "en");
  BOOST_TEST_REQUIRE(std::holds_alternative<Rejection>(never));
  BOOST_TEST(std::get<Rejection>(never).reason.find("never be visible") != std::string::npos);
  in["expires_at"] = "next tuesday";
  BOOST_TEST(std::holds_alternative<Rejection>(record_from_json(in, "en")));
}

BOOST_FIXTURE_TEST_CASE(hidden_articles_are_left_out_of_everything_a_reader_sees, Newsroom) {
  SearchResponse r = search("lighthouse", now);
  BOOST_TEST((ids(r) == std::set<std::string>{"open", "fixed"}));
  BOOST_TEST(r.total == 2u);
  for (const auto& hit : r.hits) {
    BOOST_TEST(hit.more_sources == 0u);  // the embargoed copy of the story is not counted
    BOOST_TEST(hit.other_sources.empty());
  }
  for (const auto& facet : r.facets) {
    for (const auto& value : facet.values) {
      BOOST_TEST(value.value != "Harbor Ledger");
      BOOST_TEST(value.value != "Wire");
    }
  }
  BOOST_TEST(search("zephyrine", now).hits.empty());

  SearchService service(db);
  BOOST_CHECK_THROW(service.get_article("held", now), Error);
  BOOST_CHECK_THROW(service.get_article("gone", now), Error);
  BOOST_TEST(service.get_article("held", now, true)["id"] == "held");
  BOOST_CHECK_THROW(service.related("held", 5, now), Error);
  for (const auto& hit : service.related("open", 5, now).hits) {
    BOOST_TEST(hit.id != "held");
    BOOST_TEST(hit.id != "gone");
  }
}

BOOST_FIXTURE_TEST_CASE(an_embargo_lifts_at_its_instant_without_a_reindex, Newsroom) {
  BOOST_TEST(search("zephyrine", lifts - 1).hits.empty());
  BOOST_TEST((ids(search("zephyrine", lifts)) == std::set<std::string>{"held"}));
  SearchResponse story = search("lighthouse relit skerry", lifts, false);
  BOOST_TEST_REQUIRE(story.hits.size() == 1u);  // the two copies collapse into one story
  BOOST_TEST(story.hits[0].more_sources == 1u);
  SearchService service(db);
  BOOST_TEST(service.get_article("held", lifts)["id"] == "held");
}

BOOST_FIXTURE_TEST_CASE(the_admin_view_sees_every_article, Newsroom) {
  SearchResponse all = search("lighthouse", now, true);  // "open" and "held": one story
  BOOST_TEST(all.total == 3u);
  std::set<std::string> seen = ids(all);
  BOOST_TEST(seen.count("gone") == 1u);
  BOOST_TEST(seen.count("fixed") == 1u);
  for (const auto& hit : all.hits) {
    if (hit.id == "open" || hit.id == "held") BOOST_TEST(hit.more_sources == 1u);
  }
}

BOOST_FIXTURE_TEST_CASE(embargoed_words_wait_for_their_release, Newsroom) {
  auto spelled = [&] {
    Xapian::Database read(db);
    Xapian::TermIterator it = read.spellings_begin();
    it.skip_to("zephyrine");
    return it != read.spellings_end() && *it == "zephyrine";
  };
  auto pairs = [&] {
    Xapian::Database read(db);
    return read.term_exists(std::string(kTitleBigramPrefix) + "lighthouse zephyrine");
  };
  BOOST_TEST(!spelled());
  BOOST_TEST(!pairs());
  {
    Xapian::WritableDatabase writable(db);
    DocumentBuilder builder(test::news_schema());
    builder.enable_spelling(writable);
    BOOST_TEST(release_embargoed(writable, test::news_schema(), builder, lifts - 1) == 0u);
    BOOST_TEST(release_embargoed(writable, test::news_schema(), builder, lifts) == 1u);
    writable.commit();
  }
  BOOST_TEST(spelled());
  BOOST_TEST(pairs());
  Xapian::Database read(db);
  BOOST_TEST(!read.term_exists(kHeldBackTerm));
  // The story survives the rebuild: both copies still collapse into one.
  SearchResponse story = search("lighthouse relit skerry", lifts);
  BOOST_TEST_REQUIRE(story.hits.size() == 1u);
  BOOST_TEST(story.hits[0].more_sources == 1u);
}

BOOST_FIXTURE_TEST_CASE(corrections_sort_by_update, Newsroom) {
  SearchService service(db);
  SearchRequest request;
  request.q = "lighthouse";
  request.now = now;
  request.sort = SortOrder::kUpdated;
  SearchResponse r = service.search(request);
  BOOST_TEST_REQUIRE(!r.hits.empty());
  BOOST_TEST(r.hits[0].id == "fixed");
  BOOST_TEST(service.get_article("fixed", now)["correction"] ==
             "An earlier version misspelt the keeper's name.");
}

BOOST_AUTO_TEST_CASE(an_index_of_schema_version_1_is_written_as_built) {
  test::TempDir dir;
  std::string db = dir.str("db");
  json v1 = schema_to_json(test::news_schema());
  v1["version"] = 1;
  json fields = json::array();
  for (const auto& f : v1["fields"]) {
    if (f["name"] != "embargo_until" && f["name"] != "expires_at" && f["name"] != "correction")
      fields.push_back(f);
  }
  v1["fields"] = fields;
  Schema old = schema_from_json(v1);
  { IndexWriter create(db, old); }

  IndexWriter writer(db, test::news_schema());  // the version 2 file: accepted, written as v1
  Article plain;
  plain.id = "a";
  plain.title = "Harbour news";
  plain.language = "en";
  writer.upsert(plain);
  Article held = plain;
  held.id = "b";
  held.embargo_until = unix_now() + 60;
  try {
    writer.upsert(held);
    BOOST_FAIL("an embargo on a version 1 index must be refused");
  } catch (const Error& e) {
    BOOST_TEST((e.kind() == ErrorKind::kInvalidArgument));
    BOOST_TEST(std::string(e.what()).find("embargo_until needs an index of schema version 2") ==
               0u);
  }
  writer.commit();
  std::string note = schema_upgrade_note(old, test::news_schema(), db);
  BOOST_TEST(note.find("embargo_until, expires_at, correction") != std::string::npos, note);
  BOOST_TEST(note.find("ln -sfn") != std::string::npos, note);
  BOOST_TEST(schema_upgrade_note(test::news_schema(), test::news_schema(), db).empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(takedowns)

BOOST_AUTO_TEST_CASE(the_store_keeps_the_first_takedown_and_an_append_only_log) {
  test::TempDir dir;
  std::string path = dir.str("newsroom.sqlite");
  BOOST_TEST(load_takedowns(path).empty());  // reading creates nothing
  BOOST_TEST(!std::filesystem::exists(path));
  {
    NewsroomStore store(path);
    Takedown first = store.take_down({"a1", "Court order 12", 1000}, "editor");
    Takedown again = store.take_down({"a1", "Another reason", 2000}, "admin");
    BOOST_TEST(again.reason == "Court order 12");
    BOOST_TEST(again.at == first.at);
    store.audit({3000, "analytics", "embargoed_read", "search: budget"});
    std::vector<AuditEntry> log = store.audit_log(0, 5000, 10);
    BOOST_TEST_REQUIRE(log.size() == 3u);
    BOOST_TEST(log[0].action == "embargoed_read");  // newest first
    BOOST_TEST(log[2].who == "editor");
    BOOST_TEST(log[2].detail == "a1: Court order 12");
  }
  std::map<std::string, Takedown> all = load_takedowns(path);
  BOOST_TEST(all.size() == 1u);
  BOOST_TEST(taken_down_reason(all["a1"]) == "taken down on 1970-01-01: Court order 12");
  BOOST_TEST(default_newsroom_store("/srv/x/indexes/2026") == "/srv/x/indexes/newsroom.sqlite");
}

BOOST_AUTO_TEST_CASE(the_audit_log_refuses_updates_and_deletes) {
  test::TempDir dir;
  std::string path = dir.str("newsroom.sqlite");
  NewsroomStore store(path);
  store.audit({1, "admin", "curation.put", "rule r1"});
  store.take_down({"x", "Rights", 5}, "cli");
  SqliteDb raw(path, "test", "SELECT 1");
  BOOST_CHECK_THROW(raw.exec("DELETE FROM audit"), Error);
  BOOST_CHECK_THROW(raw.exec("UPDATE audit SET who = 'nobody'"), Error);
  BOOST_CHECK_THROW(raw.exec("DELETE FROM takedowns"), Error);
  BOOST_TEST(store.audit_log(0, 10, 10).size() == 2u);
}

BOOST_FIXTURE_TEST_CASE(a_takedown_removes_the_article_and_words_only_it_had, Newsroom) {
  NewsroomStore store(dir.str("newsroom.sqlite"));
  auto spelled = [&](const std::string& word) {
    Xapian::Database read(db);
    Xapian::TermIterator it = read.spellings_begin();
    it.skip_to(word);
    return it != read.spellings_end() && *it == word;
  };
  BOOST_TEST(spelled("feldhuis"));  // a name only "fixed" has
  BOOST_TEST(spelled("veldhuis"));  // "open" has it too
  {
    IndexWriter writer(db, test::news_schema());
    TakedownOutcome outcome =
        take_down(writer, store, "fixed", "  Privacy   complaint ", "cli", now);
    BOOST_TEST(outcome.removed);
    BOOST_TEST(outcome.takedown.reason == "Privacy complaint");
  }
  BOOST_TEST(!spelled("feldhuis"));
  BOOST_TEST(spelled("veldhuis"));
  BOOST_TEST(ids(search("lighthouse keeper named", now, true)).count("fixed") == 0u);
  IndexWriter writer(db, test::news_schema());
  BOOST_CHECK_THROW(take_down(writer, store, "open", " ", "cli", now), Error);  // a reason is due
  BOOST_CHECK_THROW(take_down(writer, store, "", "Court order", "cli", now), Error);
  BOOST_CHECK_THROW(take_down(writer, store, "open", std::string("a\0b", 3), "cli", now), Error);
}

BOOST_FIXTURE_TEST_CASE(no_ingest_brings_a_taken_down_article_back, Newsroom) {
  std::string store_path = dir.str("newsroom.sqlite");
  {
    NewsroomStore store(store_path);
    IndexWriter writer(db, test::news_schema());
    take_down(writer, store, "open", "Court order 7", "cli", now);
  }
  std::string line = json{{"id", "open"}, {"title", "Lighthouse relit"}, {"body", body}}.dump();
  std::string input = dir.str("again.jsonl");
  std::ofstream(input) << line << "\n";
  for (std::string target : {db, dir.str("rebuilt")}) {  // an update, and a new index
    std::vector<std::string> rejected;
    IndexOptions options;
    IndexSummary summary = run_index_job(
        target, test::news_schema(), {input}, options,
        [&](const std::string&, std::size_t, const std::string& why) { rejected.push_back(why); });
    BOOST_TEST(summary.rejected == 1u);
    BOOST_TEST_REQUIRE(rejected.size() == 1u);
    BOOST_TEST(rejected[0].find("taken down on ") == 0u, rejected[0]);
    BOOST_TEST(rejected[0].find(": Court order 7") != std::string::npos, rejected[0]);
  }
  IndexOptions allowed;
  allowed.allow_taken_down = true;
  BOOST_TEST(run_index_job(dir.str("lawyer-approved"), test::news_schema(), {input}, allowed,
                           [](const std::string&, std::size_t, const std::string&) {})
                 .indexed == 1u);
}

BOOST_FIXTURE_TEST_CASE(a_restored_index_still_hides_what_was_taken_down, Newsroom) {
  // The backup: a copy of the index before the takedown.
  std::string backup = dir.str("backup");
  std::filesystem::copy(db, backup, std::filesystem::copy_options::recursive);
  std::string store_path = dir.str("newsroom.sqlite");
  {
    NewsroomStore store(store_path);
    IndexWriter writer(db, test::news_schema());
    take_down(writer, store, "open", "Court order 9", "cli", now);
  }
  ServiceOptions options;
  options.newsroom_store = store_path;
  SearchService restored(backup, options);
  SearchRequest request;
  request.q = "lighthouse";
  request.now = now;
  request.include_hidden = true;  // not even the admin view
  for (const auto& hit : restored.search(request).hits) BOOST_TEST(hit.id != "open");
  BOOST_CHECK_THROW(restored.get_article("open", now, true), Error);
  BOOST_CHECK_THROW(restored.related("open", 5, now), Error);
  SearchService plain(backup);  // without the store the copy would show it
  BOOST_TEST(plain.get_article("open", now)["id"] == "open");

  // The next job on the restored index removes it for good, whatever it indexes.
  std::string input = dir.str("other.jsonl");
  std::ofstream(input) << json{{"id", "other"}, {"title", "Harbour dues rise"}}.dump() << "\n";
  IndexOptions job;
  job.newsroom_store = store_path;
  std::vector<std::string> notes;
  job.on_note = [&](const std::string& note) { notes.push_back(note); };
  run_index_job(backup, test::news_schema(), {input}, job,
                [](const std::string&, std::size_t, const std::string&) {});
  BOOST_TEST_REQUIRE(notes.size() == 1u);
  BOOST_TEST(notes[0].find("removed open, taken down on ") == 0u, notes[0]);
  BOOST_CHECK_THROW(SearchService(backup).get_article("open", now), Error);
}

BOOST_AUTO_TEST_SUITE_END()
