// Editor's picks: the rules (server/curations.h), their placement on pages
// (server/pinned_page.h) and their effect on searches through the real store and service.
#include "server/curations.h"

#include <set>

#include <boost/test/unit_test.hpp>
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/error.h"
#include "schema/dates.h"
#include "server/article_writer.h"
#include "server/curation_store.h"
#include "server/pinned_page.h"
#include "server/search_service.h"
#include "tests/test_support.h"

using namespace dateline;
using nlohmann::json;

namespace {

json storm_rule() {
  return {{"id", "storm"},
          {"query", "Storm report"},
          {"pin", {{{"id", "calm"}, {"position", 1}}, {{"id", "s3"}, {"position", 12}}}},
          {"hide", {"s5"}}};
}

// The message of the Error(kInvalidArgument) that reading `rule` throws; "" when it is read.
std::string rejection(const json& rule) {
  try {
    parse_curation_rule(rule);
  } catch (const Error& e) {
    BOOST_TEST((e.kind() == ErrorKind::kInvalidArgument));
    return e.what();
  }
  return "";
}

// Fifteen storm reports s1..s15, a calm article that does not say "storm", an embargoed storm
// report and one from another source; rules are written through the real writer.
struct Curated {
  test::TempDir dir;
  std::string db = dir.str("db");
  std::int64_t now = unix_now();
  std::unique_ptr<ArticleWriter> writer;

  Curated() {
    std::string lines;
    auto add = [&](const std::string& id, const std::string& title, const std::string& source,
                   std::int64_t published, std::optional<std::int64_t> embargo = std::nullopt) {
      json a = {{"id", id},
                {"title", title},
                {"body", title + ". Reported by our correspondents."},
                {"source", source},
                {"published_at", format_rfc3339(published)}};
      if (embargo) a["embargo_until"] = format_rfc3339(*embargo);
      lines += a.dump() + "\n";
    };
    for (int i = 1; i <= 15; ++i) {
      add("s" + std::to_string(i), "Storm report number " + std::to_string(i), "Ledger",
          now - 3600 * (i + 1));
    }
    add("calm", "Calm seas expected", "Ledger", now - 86400 * 30);
    add("held", "Storm report under embargo", "Ledger", now - 60, now + 3600);
    add("elsewhere", "Harbour closed", "Courier", now - 86400);
    test::index_jsonl(db, lines);
    writer = std::make_unique<ArticleWriter>(db, std::chrono::milliseconds(200));
  }

  void put(const json& rule) { put_curation(*writer, parse_curation_rule(rule)); }

  SearchResponse search(const std::string& q, int page = 1, bool explain = false) {
    SearchService service(db);
    SearchRequest request;
    request.q = q;
    request.page = page;
    request.now = now;
    request.explain = explain;
    request.collapse = false;
    return service.search(request);
  }

  static std::vector<std::string> ids(const SearchResponse& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hits) out.push_back(h.id);
    return out;
  }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(curations)

BOOST_AUTO_TEST_CASE(queries_are_normalised_for_matching) {
  BOOST_TEST(normalise_curation_query("  Élection  RESULTS! ", false) == "election results");
  BOOST_TEST(normalise_curation_query("Straße, Łódź & Ærø", false) == "strasse lodz aero");
  BOOST_TEST(normalise_curation_query("results election", true) == "election results");
  BOOST_TEST(normalise_curation_query("results election", false) == "results election");
  BOOST_TEST(normalise_curation_query("?!", false) == "");
}

BOOST_AUTO_TEST_CASE(rules_are_read_and_written_back) {
  CurationRule rule = parse_curation_rule(
      {{"id", "vote-2026"},
       {"query", "Election Results"},
       {"any_order", true},
       {"pin", {{{"id", "b"}, {"position", 3}}, {{"id", "a"}, {"position", 1}}}},
       {"hide", {"x", "x"}},
       {"from", "2026-11-03T18:00:00Z"},
       {"until", "2026-11-05T00:00:00Z"},
       {"note", "election night"}});
  BOOST_TEST(rule.key == "election results");
  BOOST_TEST(rule.pins.size() == 2u);
  BOOST_TEST(rule.pins[0].id == "a");  // by position
  BOOST_TEST(rule.hide == std::vector<std::string>{"x"});
  json back = curation_rule_to_json(rule);
  BOOST_TEST(back["from"] == "2026-11-03T18:00:00Z");
  BOOST_TEST(parse_curation_rule(back).key == rule.key);
  BOOST_TEST(parse_curation_rule({{"query", "q"}, {"hide", {"a"}}}, "from-path").id == "from-path");
}

BOOST_AUTO_TEST_CASE(bad_rules_are_rejected_naming_the_field) {
  json good = storm_rule();
  BOOST_TEST(rejection(good) == "");
  auto with = [&](const std::string& key, const json& value) {
    json r = good;
    r[key] = value;
    return rejection(r);
  };
  BOOST_TEST(with("query", "!!") == "query must have at least one word");
  BOOST_TEST(with("query", std::string(201, 'a')).find("query must be") == 0u);
  BOOST_TEST(with("id", "a b") == "id must be 1..200 letters, digits, '-', '_' or '.'");
  BOOST_TEST(with("pin", {{{"id", "a"}, {"position", 0}}}) ==
             "pin[0].position must be an integer 1..100");
  BOOST_TEST(with("pin", {{{"id", "a"}, {"position", 101}}}) ==
             "pin[0].position must be an integer 1..100");
  BOOST_TEST(with("pin", {{{"id", "a"}, {"position", 1}}, {{"id", "b"}, {"position", 1}}}) ==
             "pin[1].position 1 is pinned twice");
  BOOST_TEST(with("pin", {{{"id", std::string(201, 'a')}, {"position", 1}}}).find("pin[0].id") ==
             0u);
  BOOST_TEST(with("hide", {"calm"}) == "hide: 'calm' is also pinned");
  BOOST_TEST(with("hide", json::array({1})) == "hide[0] must be a string");
  BOOST_TEST(with("from", "yesterday").find("from must be an RFC 3339 date") == 0u);
  BOOST_TEST(with("any_order", "yes") == "any_order must be true or false");
  BOOST_TEST(with("colour", "red") == "unknown field 'colour'");
  json window = good;
  window["from"] = "2026-01-02T00:00:00Z";
  window["until"] = "2026-01-01T00:00:00Z";
  BOOST_TEST(rejection(window) == "until must be after from");
  BOOST_TEST(rejection({{"id", "x"}, {"query", "q"}}) == "a rule must pin or hide something");
  BOOST_TEST(rejection(json::array()) == "a rule must be a JSON object");
}

BOOST_AUTO_TEST_CASE(rule_sets_are_bounded_and_ids_unique) {
  BOOST_TEST(parse_curation_rules("{\"rules\": []}").empty());
  BOOST_TEST(parse_curation_rules("[" + storm_rule().dump() + "]").size() == 1u);
  auto fails = [](const std::string& text) {
    try {
      parse_curation_rules(text);
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  BOOST_TEST(fails("[" + storm_rule().dump() + "," + storm_rule().dump() + "]") ==
             "rules[1] (id 'storm'): the rule id is used twice");
  BOOST_TEST(fails("{\"rules\": 3}") == "rules must be an array of rules");
  BOOST_TEST(fails("[{\"id\": \"x\"}]") == "rules[0] (id 'x'): query is required");
  BOOST_TEST(fails(std::string(100, '[')).find("nested deeper") != std::string::npos);
  BOOST_TEST(fails("{") == "curation rules are not valid JSON");
  json many = json::array();
  for (std::size_t i = 0; i <= kMaxCurationRules; ++i) many.push_back(storm_rule());
  BOOST_TEST(fails(many.dump()) == "at most 1000 curation rules");
}

BOOST_AUTO_TEST_CASE(the_matching_rule_is_found_in_its_window) {
  json in_order = storm_rule();
  json any = storm_rule();
  any["id"] = "any";
  any["any_order"] = true;
  json night = storm_rule();
  night["id"] = "night";
  night["from"] = "2026-11-03T18:00:00Z";
  night["until"] = "2026-11-04T06:00:00Z";
  std::vector<CurationRule> rules = parse_curation_rules(json::array({any, in_order}).dump());
  std::int64_t at = *parse_timestamp("2026-11-03T20:00:00Z");
  BOOST_TEST(find_curation(rules, "STORM  report", at)->id == "storm");  // in order beats any
  BOOST_TEST(find_curation(rules, "report storm", at)->id == "any");
  BOOST_TEST(find_curation(rules, "storm", at) == nullptr);
  BOOST_TEST(find_curation(rules, "", at) == nullptr);
  rules = parse_curation_rules(json::array({in_order, night}).dump());
  BOOST_TEST(find_curation(rules, "storm report", at)->id == "night");
  BOOST_TEST(find_curation(rules, "storm report", *parse_timestamp("2026-11-04T06:00:00Z"))->id ==
             "storm");  // until is exclusive
}

BOOST_AUTO_TEST_CASE(pins_are_laid_out_by_global_rank) {
  PinLayout first = layout_pins({1, 12}, 0, 10, std::nullopt);
  BOOST_TEST(first.organic_offset == 0u);
  BOOST_TEST(first.organic_count == 9u);
  BOOST_TEST(first.slots[0].value() == 0u);
  PinLayout second = layout_pins({1, 12}, 10, 10, std::nullopt);
  BOOST_TEST(second.organic_offset == 9u);  // rank 11 is the 10th ranked hit
  BOOST_TEST(second.organic_count == 9u);
  BOOST_TEST(second.slots[1].value() == 1u);
  PinLayout short_list = layout_pins({2, 10}, 0, 10, 3);  // 3 ranked hits: 10 moves up to 5
  BOOST_TEST(short_list.slots[1].value() == 0u);
  BOOST_TEST(short_list.slots[4].value() == 1u);
  BOOST_TEST(short_list.organic_count == 8u);

  std::vector<SearchHit> organic(3), pinned(2);
  organic[0].id = "o1", organic[1].id = "o2", organic[2].id = "o3";
  pinned[0].id = "p1", pinned[1].id = "p2";
  std::vector<SearchHit> page = merge_pinned(short_list, organic, pinned);
  std::vector<std::string> ids;
  for (const auto& h : page) ids.push_back(h.id + (h.pinned ? "*" : ""));
  BOOST_TEST((ids == std::vector<std::string>{"o1", "p1*", "o2", "o3", "p2*"}));
}

BOOST_FIXTURE_TEST_CASE(pins_and_hides_shape_every_page, Curated) {
  SearchResponse plain = search("storm report");
  BOOST_TEST(plain.total == 15u);
  put(storm_rule());
  SearchResponse one = search("Storm Report", 1, true);
  SearchResponse two = search("storm report", 2);
  BOOST_TEST(one.total == 15u);  // 14 ranked (s5 hidden) and the calm article pinned
  BOOST_TEST(two.total == 15u);
  BOOST_TEST_REQUIRE(one.hits.size() == 10u);
  BOOST_TEST(one.hits[0].id == "calm");
  BOOST_TEST(one.hits[0].pinned);
  BOOST_TEST(!one.hits[1].pinned);
  BOOST_TEST_REQUIRE(two.hits.size() == 5u);
  BOOST_TEST(two.hits[1].id == "s3");  // rank 12
  BOOST_TEST(two.hits[1].pinned);
  std::multiset<std::string> seen;
  for (const auto& r : {one, two}) {
    for (const auto& id : ids(r)) seen.insert(id);
  }
  BOOST_TEST(seen.size() == 15u);
  BOOST_TEST(seen.count("s3") == 1u);  // once, at its pin
  BOOST_TEST(seen.count("s5") == 0u);
  BOOST_TEST(seen.count("held") == 0u);
  BOOST_TEST(one.curation_rule == "storm");
  BOOST_TEST(one.curation_pinned == std::vector<std::string>{"calm"});
  BOOST_TEST(one.curation_hidden == std::vector<std::string>{"s5"});
  BOOST_TEST(search("report storm").curation_rule.empty());  // word order counts here

  BOOST_TEST(delete_curation(*writer, "storm"));
  BOOST_TEST(!delete_curation(*writer, "storm"));
  BOOST_TEST(search("storm report").total == 15u);
  BOOST_TEST(!search("storm report").hits[0].pinned);
}

BOOST_FIXTURE_TEST_CASE(pins_obey_filters_embargo_and_absence, Curated) {
  put({{"id", "r"},
       {"query", "storm report"},
       {"pin",
        {{{"id", "held"}, {"position", 1}},
         {{"id", "elsewhere"}, {"position", 2}},
         {{"id", "nowhere"}, {"position", 3}}}}});
  SearchResponse r = search("storm report");
  BOOST_TEST(r.total == 16u);  // 15 reports and the Courier article; not the embargoed one
  BOOST_TEST(r.hits[0].id != "held");
  BOOST_TEST(r.hits[1].id == "elsewhere");
  BOOST_TEST(r.hits[1].pinned);

  SearchService service(db);
  SearchRequest request;
  request.q = "storm report";
  request.now = now;
  request.filters["source"] = {"Ledger"};
  SearchResponse filtered = service.search(request);
  for (const auto& hit : filtered.hits) BOOST_TEST(!hit.pinned);
  BOOST_TEST(filtered.total == 15u);

  request.filters.clear();
  request.include_hidden = true;  // an editor's look: the embargoed pick is in place
  SearchResponse editor = service.search(request);
  BOOST_TEST(editor.hits[0].id == "held");
  BOOST_TEST(editor.hits[0].pinned);

  request.include_hidden = false;
  request.sort = SortOrder::kNewest;  // a reader's own order: no pins
  for (const auto& hit : service.search(request).hits) BOOST_TEST(!hit.pinned);
}

BOOST_FIXTURE_TEST_CASE(a_pin_past_the_end_follows_the_last_hit, Curated) {
  put({{"id", "r"}, {"query", "harbour"}, {"pin", {{{"id", "calm"}, {"position", 9}}}}});
  SearchResponse r = search("harbour");
  BOOST_TEST((ids(r) == std::vector<std::string>{"elsewhere", "calm"}));
  BOOST_TEST(r.total == 2u);
}

BOOST_AUTO_TEST_SUITE_END()
