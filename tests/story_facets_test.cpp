// Facets under story collapse (index/story_facets.h, server/facets.h) and the order of equal
// scores (index/order_key.h), through the real indexer and search service.
#include "index/story_facets.h"

#include <algorithm>
#include <map>
#include <optional>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include "index/database.h"
#include "index/order_key.h"
#include "indexer/document_builder.h"
#include "indexer/embargo_release.h"
#include "indexer/resharder.h"
#include "schema/dates.h"
#include "server/search_service.h"
#include "tests/test_support.h"

using namespace dateline;

namespace {

const char* const kPortWire =
    "Dock workers at the northern container port walked out on Monday after talks over night "
    "shift pay collapsed, leaving eleven ships waiting at anchor and freight companies warning "
    "of delays to deliveries across the region for at least a week. The union said its members "
    "would return only when the operator put a written offer on the table.";
const char* const kPortCopy =
    "Dock workers at the northern container port walked out on Monday after talks over night "
    "shift pay collapsed, leaving eleven ships waiting at anchor and freight companies warning "
    "of delays to deliveries across the region for at least a week. The union said members "
    "would go back when a written offer was made.";
const char* const kPortRewrite =
    "Late on Monday, dock workers at the northern container port walked out after talks over "
    "night shift pay collapsed, leaving eleven ships waiting at anchor and freight companies "
    "warning of delays to deliveries across the region for at least a week. The union said its "
    "members would return only when the operator put a written offer on the table.";
const char* const kParkWire =
    "The city council approved a plan to turn the disused rail yard behind the central station "
    "into a park with playing fields, a community garden and a cycle path linking two "
    "neighbourhoods, with building work due to begin in the autumn and finish within two years "
    "if the remaining funding from the regional government arrives on time.";
const char* const kParkCopy =
    "The city council has approved a plan to turn the disused rail yard behind the central "
    "station into a park with playing fields, a community garden and a cycle path linking two "
    "neighbourhoods, with building work due to begin in the autumn and finish within two years "
    "if the remaining funding from the regional government arrives.";

// One record: every title has "report", so q=report matches them all.
std::string report_line(const std::string& id, const char* body, const std::string& when,
                        const std::string& source, const std::vector<std::string>& tags,
                        const std::vector<std::string>& authors) {
  nlohmann::json j = {
      {"id", id},     {"title", "Report " + id}, {"body", body},        {"source", source},
      {"tags", tags}, {"authors", authors},      {"published_at", when}};
  return j.dump() + "\n";
}

// Three stories: p1 p2 p3 (one story), k1 k2 (another), and s alone.
std::string three_stories() {
  return report_line("p1", kPortWire, "2025-03-20T10:00:00Z", "Alpha Wire", {"ports", "strikes"},
                     {"Ann Lee"}) +
         report_line("k1", kParkWire, "2025-03-20T11:00:00Z", "Alpha Wire", {"parks"},
                     {"Ann Lee", "Bo Chen"}) +
         report_line("p2", kPortCopy, "2025-03-20T12:00:00Z", "Beta Post", {"ports"}, {"Bo Chen"}) +
         report_line("s", "A short note on the harbour timetable.", "2025-03-20T13:00:00Z",
                     "Beta Post", {"ports", "ferries"}, {"Cy Diaz"}) +
         report_line("k2", kParkCopy, "2025-03-21T09:00:00Z", "Gamma Daily", {"parks", "city"},
                     {"Ann Lee"}) +
         report_line("p3", kPortRewrite, "2025-03-21T10:00:00Z", "Alpha Wire", {"strikes", "Ports"},
                     {"Ann Lee"});
}

std::map<std::string, std::size_t> facet_counts(const SearchResponse& r, const std::string& name) {
  std::map<std::string, std::size_t> out;
  for (const Facet& f : r.facets) {
    if (f.name != name) continue;
    for (const FacetValue& v : f.values) out[v.value] = v.count;
  }
  return out;
}

SearchRequest report_request(bool collapse) {
  SearchRequest r;
  r.q = "report";
  r.recency = Recency::kOff;
  r.collapse = collapse;
  r.per_page = 50;
  r.facets = {"source", "tag", "author", "month"};
  return r;
}

// The news schema as version 2 had it: no derived slots.
Schema schema_without_derived_slots() {
  nlohmann::json j = schema_to_json(test::news_schema());
  j["version"] = 2;
  j.erase("derived_slots");
  return schema_from_json(j);
}

struct StoriesIndex {
  test::TempDir dir;
  std::string db = dir.str("db");
  StoriesIndex() { test::index_jsonl(db, three_stories()); }
};

std::vector<std::string> hit_ids(const SearchResponse& r) {
  std::vector<std::string> out;
  for (const SearchHit& h : r.hits) out.push_back(h.id);
  return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(story_facets)

BOOST_AUTO_TEST_CASE(the_slot_value_reads_back_with_its_story_and_facet_values) {
  const Schema& schema = test::news_schema();
  Xapian::Document doc;
  doc.add_value(1, "Alpha Wire");
  doc.add_value(7, std::string("ports") + kMultiValueSeparator + "strikes");
  doc.add_value(5, "2025-03");
  set_story_facets(schema, doc);
  const std::string stored = doc.get_value(*schema.story_facets_slot);
  StoryFacets alone = read_story_facets(stored);
  BOOST_TEST(alone.story.empty());
  std::map<unsigned, std::string> values;
  for (const auto& [slot, value] : alone.values) values[slot] = std::string(value);
  BOOST_TEST(values.size() == 3u);
  BOOST_TEST(values[1] == "Alpha Wire");
  BOOST_TEST(values[7] == std::string("ports") + kMultiValueSeparator + "strikes");
  BOOST_TEST(values[5] == "2025-03");

  doc.add_value(*schema.story->collapse_slot, "p1");
  set_story_facets(schema, doc);
  const std::string joined = doc.get_value(*schema.story_facets_slot);
  BOOST_TEST(read_story_facets(joined).story == "p1");
  BOOST_TEST(read_story_facets("p1\x1e"
                               "x\x1dy\x1e"
                               "1\x1dz")
                 .values.size() == 1u);
}

BOOST_AUTO_TEST_CASE(order_keys_sort_newest_first_then_by_id) {
  const std::vector<std::optional<std::int64_t>> times = {
      0,           1, 2, 255, 256, 1'700'000'000, 1'700'000'001, -86'400, -86'401, 4'102'444'800,
      std::nullopt};
  const std::vector<std::string> ids = {"", "a", "a\x01", "b", "\xff"};
  struct Entry {
    std::optional<std::int64_t> when;
    std::string id;
    std::string key;
  };
  std::vector<Entry> entries;
  for (const auto& when : times) {
    for (const std::string& id : ids) entries.push_back({when, id, order_key(when, id)});
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.key < b.key; });
  for (std::size_t i = 1; i < entries.size(); ++i) {
    const Entry& a = entries[i - 1];
    const Entry& b = entries[i];
    bool ordered =
        a.when == b.when ? a.id < b.id : (b.when == std::nullopt || (a.when && *a.when > *b.when));
    BOOST_TEST(ordered, i);
  }
}

BOOST_FIXTURE_TEST_CASE(facets_count_stories_as_the_collapsed_total_does, StoriesIndex) {
  SearchService service(db);
  SearchRequest r = report_request(true);
  SearchResponse all = service.search(r);
  BOOST_TEST_REQUIRE(all.total == 3u);  // the port story, the park story, the note
  auto sources = facet_counts(all, "source");
  BOOST_TEST(sources["Alpha Wire"] == 2u);  // 4 articles, 2 stories
  BOOST_TEST(sources["Beta Post"] == 2u);
  BOOST_TEST(sources["Gamma Daily"] == 1u);
  auto tags = facet_counts(all, "tag");
  BOOST_TEST(tags["ports"] == 2u);  // "Ports" on p3 is the same filter term
  BOOST_TEST(tags["strikes"] == 1u);
  BOOST_TEST(tags["parks"] == 1u);
  BOOST_TEST(facet_counts(all, "author")["Ann Lee"] == 2u);
  BOOST_TEST(facet_counts(all, "month")["2025-03"] == 3u);
  for (const Facet& f : all.facets) {
    BOOST_TEST(!f.approximate);
    if (f.name == "month") continue;  // no month filter; every article is of March 2025
    for (const FacetValue& v : f.values) {
      SearchRequest filtered = r;
      filtered.filters[f.name] = {v.value};
      BOOST_TEST(service.search(filtered).total == v.count, f.name << "=" << v.value);
    }
  }
}

// A page's stories, their members and the total are counted by Xapian's built-in spies
// (server/story_members.h, server/match_total.h), the same over shards as on one index.
BOOST_FIXTURE_TEST_CASE(stories_count_the_same_over_shards_as_on_one_index, StoriesIndex) {
  const std::string sharded = dir.str("sharded");
  reshard(db, sharded, 3);
  SearchService one(db);
  SearchService three(sharded);
  for (bool collapse : {true, false}) {
    for (int per_page : {1, 2, 50}) {
      SearchRequest r = report_request(collapse);
      r.per_page = per_page;
      SearchResponse a = one.search(r);
      SearchResponse b = three.search(r);
      BOOST_TEST(a.total == b.total);
      BOOST_TEST(a.total_exact == b.total_exact);
      BOOST_TEST(a.total_exact);
      BOOST_TEST(hit_ids(a) == hit_ids(b));
      for (std::size_t i = 0; i < std::min(a.hits.size(), b.hits.size()); ++i) {
        BOOST_TEST(a.hits[i].more_sources == b.hits[i].more_sources);
        BOOST_TEST(a.hits[i].other_sources == b.hits[i].other_sources);
      }
      for (const char* facet : {"source", "tag", "author", "month"}) {
        BOOST_TEST(facet_counts(a, facet) == facet_counts(b, facet), facet);
      }
    }
  }
  // The port story: one of p1, p2, p3 stands for the other two.
  SearchRequest r = report_request(true);
  r.q = "dock workers";
  SearchResponse port = three.search(r);
  BOOST_TEST_REQUIRE(port.hits.size() == 1u);
  BOOST_TEST(port.total == 1u);
  BOOST_TEST(port.hits[0].more_sources == 2u);
  // Sources named once each, sorted, without the hit's own.
  const std::string own = port.hits[0].source;
  std::vector<std::string> others;
  for (const char* name : {"Alpha Wire", "Beta Post"}) {
    if (name != own) others.push_back(name);
  }
  BOOST_TEST(port.hits[0].other_sources == others);
}

// Copies that score alike: the newest stands for the story, on one index and over shards.
BOOST_AUTO_TEST_CASE(the_newest_of_equal_copies_stands_for_its_story) {
  test::TempDir dir;
  const std::string db = dir.str("db");
  test::index_jsonl(
      db, report_line("c1", kPortWire, "2025-03-20T10:00:00Z", "Alpha Wire", {}, {}) +
              report_line("c3", kPortWire, "2025-03-20T12:00:00Z", "Gamma Daily", {}, {}) +
              report_line("c2", kPortWire, "2025-03-20T11:00:00Z", "Beta Post", {}, {}));
  const std::string sharded = dir.str("sharded");
  reshard(db, sharded, 2);
  for (const std::string& path : {db, sharded}) {
    SearchService service(path);
    SearchRequest r = report_request(true);
    r.q = "dock workers";
    r.facets.clear();
    SearchResponse res = service.search(r);
    BOOST_TEST_REQUIRE(res.hits.size() == 1u, path);
    BOOST_TEST(res.hits[0].id == "c3", path);
    BOOST_TEST(res.hits[0].more_sources == 2u, path);
    BOOST_TEST(res.hits[0].other_sources == (std::vector<std::string>{"Alpha Wire", "Beta Post"}),
               path);
    r.collapse = false;
    BOOST_TEST(hit_ids(service.search(r)) == (std::vector<std::string>{"c3", "c2", "c1"}), path);
  }
}

BOOST_FIXTURE_TEST_CASE(a_facet_with_its_own_filter_counts_stories_without_it, StoriesIndex) {
  SearchService service(db);
  SearchRequest r = report_request(true);
  r.filters["source"] = {"Gamma Daily"};
  SearchResponse res = service.search(r);
  BOOST_TEST(res.total == 1u);
  auto sources = facet_counts(res, "source");
  BOOST_TEST(sources["Alpha Wire"] == 2u);
  BOOST_TEST(sources["Beta Post"] == 2u);
  BOOST_TEST(facet_counts(res, "tag")["parks"] == 1u);  // k2's story, seen through k2 only
  BOOST_TEST(facet_counts(res, "tag").count("ports") == 0u);
}

BOOST_FIXTURE_TEST_CASE(without_collapse_facets_count_articles, StoriesIndex) {
  SearchService service(db);
  SearchRequest r = report_request(false);
  SearchResponse all = service.search(r);
  BOOST_TEST(all.total == 6u);
  BOOST_TEST(facet_counts(all, "source")["Alpha Wire"] == 3u);
  BOOST_TEST(facet_counts(all, "tag")["ports"] == 4u);
  BOOST_TEST(facet_counts(all, "author")["Ann Lee"] == 4u);
  r.filters["tag"] = {"ports"};  // p1 p2 p3 s, all counted
  SearchResponse ports = service.search(r);
  BOOST_TEST(ports.total == 4u);
  BOOST_TEST(facet_counts(ports, "source")["Alpha Wire"] == 2u);
  BOOST_TEST(facet_counts(ports, "source")["Beta Post"] == 2u);
}

BOOST_AUTO_TEST_CASE(an_index_without_the_slot_counts_articles_as_before) {
  test::TempDir dir;
  std::string db = dir.str("db");
  test::index_jsonl(db, three_stories(), schema_without_derived_slots());
  SearchService service(db);
  SearchResponse all = service.search(report_request(true));
  BOOST_TEST(all.total == 3u);
  BOOST_TEST(facet_counts(all, "source")["Alpha Wire"] == 3u);
  BOOST_TEST(facet_counts(all, "tag")["ports"] == 4u);
  for (const Facet& f : all.facets) BOOST_TEST(!f.approximate);
  // Written on by a newer schema file, it stays as built.
  test::index_jsonl(db, report_line("n", kParkWire, "2025-04-01T00:00:00Z", "Delta", {}, {}));
  Xapian::Database read(db);
  BOOST_TEST(read.get_value_freq(15) == 0u);
  BOOST_TEST(read.get_value_freq(14) == 0u);
  std::string note = schema_upgrade_note(stored_schema(read), test::news_schema(), db);
  BOOST_TEST(note.find("the index has no order slot, story-facets slot: hits with equal scores "
                       "are in index order") != std::string::npos,
             note);
  BOOST_TEST(note.find("facets count articles, not stories") != std::string::npos, note);
}

BOOST_AUTO_TEST_CASE(facets_past_the_sample_are_scaled_and_marked) {
  test::TempDir dir;
  std::string db = dir.str("db");
  std::string lines;
  for (int i = 0; i < 40; ++i) {
    std::string id = "n" + std::to_string(i);
    lines += report_line(id, "A short note.", "2025-03-20T10:00:00Z",
                         i % 4 == 0 ? "Beta Post" : "Alpha Wire", {}, {});
  }
  test::index_jsonl(db, lines);
  ServiceOptions options;
  options.check_at_least = 10;
  options.facet_sample = 10;
  SearchService service(db, options);
  SearchRequest r = report_request(true);
  r.per_page = 1;
  r.facets = {"source"};
  r.filters["source"] = {"Beta Post"};  // the facet counts without it: a sample of 40
  SearchResponse res = service.search(r);
  BOOST_TEST(res.total == 10u);
  BOOST_TEST_REQUIRE(res.facets.size() == 1u);
  BOOST_TEST(res.facets[0].approximate);
  auto sources = facet_counts(res, "source");
  BOOST_TEST(sources["Alpha Wire"] + sources["Beta Post"] == 40u);
  BOOST_TEST(sources["Alpha Wire"] > 10u);

  options.facet_sample = 100;  // a sample larger than the match: exact
  SearchService exact(db, options);
  SearchResponse all = exact.search(r);
  BOOST_TEST(!all.facets[0].approximate);
  BOOST_TEST(facet_counts(all, "source")["Alpha Wire"] == 30u);
  BOOST_TEST(facet_counts(all, "source")["Beta Post"] == 10u);
}

BOOST_AUTO_TEST_CASE(equal_scores_are_ordered_newest_first_then_by_id) {
  test::TempDir dir;
  std::string db = dir.str("db");
  // Equal texts apart from one unmatched word of the same length: equal scores. Written out of
  // order, so that document numbers disagree with the expected order.
  auto line = [](const std::string& id, const std::string& when) {
    nlohmann::json j = {{"id", id},
                        {"title", "Ferry timetable " + id},
                        {"body", "Ferries run late."},
                        {"published_at", when}};
    return j.dump() + "\n";
  };
  test::index_jsonl(db, line("b", "2025-03-20T10:00:00Z") + line("c", "2025-03-19T10:00:00Z") +
                            line("a", "2025-03-20T10:00:00Z") + line("d", "2025-03-21T10:00:00Z"));
  SearchService service(db);
  SearchRequest r;
  r.q = "ferry";
  r.recency = Recency::kOff;
  using Ids = std::vector<std::string>;
  BOOST_TEST(hit_ids(service.search(r)) == (Ids{"d", "a", "b", "c"}),
             boost::test_tools::per_element());
  r.sort = SortOrder::kNewest;
  BOOST_TEST(hit_ids(service.search(r)) == (Ids{"d", "a", "b", "c"}),
             boost::test_tools::per_element());
  r.sort = SortOrder::kOldest;
  BOOST_TEST(hit_ids(service.search(r)) == (Ids{"c", "b", "a", "d"}),
             boost::test_tools::per_element());
  r.q.clear();
  r.sort = SortOrder::kRelevance;  // browsing: newest first
  BOOST_TEST(hit_ids(service.search(r)) == (Ids{"d", "a", "b", "c"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_released_article_keeps_its_story_in_the_slot) {
  test::TempDir dir;
  std::string db = dir.str("db");
  std::string embargoed =
      report_line("p2", kPortCopy, "2025-03-20T12:00:00Z", "Beta Post", {"ports"}, {"Bo Chen"});
  nlohmann::json j = nlohmann::json::parse(embargoed);
  j["embargo_until"] = "2099-01-01T00:00:00Z";
  test::index_jsonl(db, report_line("p1", kPortWire, "2025-03-20T10:00:00Z", "Alpha Wire",
                                    {"ports"}, {"Ann Lee"}) +
                            j.dump() + "\n");
  const Schema& schema = test::news_schema();
  Xapian::WritableDatabase write(db, Xapian::DB_OPEN);
  DocumentBuilder builder(schema);
  BOOST_TEST(release_embargoed(write, schema, builder, 4'102'444'800 + 1) == 1u);
  write.commit();
  for (const char* id : {"p1", "p2"}) {
    Xapian::Document doc = write.get_document(*write.postlist_begin(std::string("Q") + id));
    const std::string stored = doc.get_value(*schema.story_facets_slot);
    StoryFacets facets = read_story_facets(stored);
    BOOST_TEST(facets.story == "p1", id);
    std::map<unsigned, std::string> values;
    for (const auto& [slot, value] : facets.values) values[slot] = std::string(value);
    BOOST_TEST(values[1] == doc.get_value(1), id);  // the source
    BOOST_TEST(values[7] == "ports", id);
  }
}

BOOST_AUTO_TEST_SUITE_END()
