#include "schema/schema.h"

#include <boost/test/unit_test.hpp>

#include "core/error.h"
#include "tests/test_support.h"

using namespace dateline;
using nlohmann::json;

namespace {

json minimal() {
  return json::parse(R"({"name":"t","fields":[
    {"name":"id","id_prefix":"Q"},
    {"name":"title","text":{"weight":3,"prefix":"S"},"query_name":"title"}]})");
}

std::string error_of(const json& j) {
  try {
    schema_from_json(j);
  } catch (const Error& e) {
    BOOST_TEST(static_cast<int>(e.kind()) == static_cast<int>(ErrorKind::kInvalidArgument));
    return e.what();
  }
  return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(schema)

BOOST_AUTO_TEST_CASE(loads_the_news_schema) {
  const Schema& s = test::news_schema();
  BOOST_TEST(s.name == "news");
  BOOST_TEST(s.id_prefix() == "Q");
  BOOST_TEST_REQUIRE(s.find("title") != nullptr);
  BOOST_TEST(s.find("title")->text->weight == 3);
  BOOST_TEST(s.find("title")->text->prefix == "S");
  BOOST_TEST(s.find("published_at")->date->slot == 0u);
  BOOST_TEST(s.find("nonexistent") == nullptr);
}

BOOST_AUTO_TEST_CASE(round_trips_through_json) {
  const Schema& s = test::news_schema();
  Schema again = schema_from_json(schema_to_json(s));
  BOOST_TEST(schema_to_json(again) == schema_to_json(s));
  BOOST_TEST(schema_incompatibility(s, again) == "");
}

BOOST_AUTO_TEST_CASE(rejects_invalid_schemas_with_a_reason) {
  json j = minimal();
  j["fields"][1]["text"]["prefix"] = "s";
  BOOST_TEST(error_of(j) == "schema: field 'title': prefix 's' must be upper-case A-Z letters");

  j = minimal();
  j["fields"].push_back({{"name", "colour"}});
  BOOST_TEST(error_of(j) == "schema: field 'colour': not a canonical article field");

  j = minimal();
  j["fields"].push_back({{"name", "source"}, {"filter", {{"prefix", "S"}}}});
  BOOST_TEST(error_of(j) == "schema: field 'source': prefix 'S' is used twice");

  j = minimal();
  j["fields"][1]["text"]["weight"] = 0;
  BOOST_TEST(error_of(j) == "schema: field 'title': 'weight' must be 1..100");

  j = minimal();
  j["fields"].erase(0);
  BOOST_TEST(error_of(j) == "schema: field 'id': required, with an id_prefix");

  j = minimal();
  j["extra"] = 1;
  BOOST_TEST(error_of(j) == "schema: top level: unknown key 'extra'");
  j = minimal();
  j["stemming"] = "most";
  BOOST_TEST(error_of(j) == "schema: top level: stemming must be \"all\" or \"some\"");
}

BOOST_AUTO_TEST_CASE(stemming_is_all_in_news_json_and_some_when_absent) {
  BOOST_TEST(test::news_schema().stem_all);
  BOOST_TEST(schema_to_json(test::news_schema())["stemming"] == "all");
  Schema old = schema_from_json(minimal());  // a schema stored before the key existed
  BOOST_TEST(!old.stem_all);
  BOOST_TEST(schema_to_json(old)["stemming"] == "some");
}

BOOST_AUTO_TEST_CASE(the_collapse_slot_is_optional_and_follows_the_index) {
  const Schema& news = test::news_schema();
  BOOST_TEST_REQUIRE(news.story.has_value());
  BOOST_TEST(news.story->collapse_slot.value_or(0) == 11u);
  BOOST_TEST(schema_to_json(news)["story"]["collapse_slot"] == 11);
  // A schema stored before the key existed has none, and stays compatible with news.json.
  json stored = schema_to_json(news);
  stored["story"].erase("collapse_slot");
  Schema old = schema_from_json(stored);
  BOOST_TEST(!old.story->collapse_slot.has_value());
  BOOST_TEST(!schema_to_json(old)["story"].contains("collapse_slot"));
  BOOST_TEST(schema_incompatibility(old, news) == "");
  BOOST_TEST(schema_incompatibility(news, old) == "");
  // Other story settings still count, and the slot is claimed like any other.
  json changed = schema_to_json(news);
  changed["story"]["window_hours"] = 24;
  BOOST_TEST(schema_incompatibility(old, schema_from_json(changed)) ==
             "the index was built with different story clustering settings");
  changed = schema_to_json(news);
  changed["story"]["collapse_slot"] = 9;
  BOOST_TEST(error_of(changed) == "schema: story: value slot 9 is used twice");
}

BOOST_AUTO_TEST_CASE(derived_slots_are_claimed_and_kept_with_the_index) {
  const Schema& news = test::news_schema();
  BOOST_TEST(news.version == 3);
  BOOST_TEST(news.order_slot.value_or(0) == 14u);
  BOOST_TEST(news.story_facets_slot.value_or(0) == 15u);
  BOOST_TEST(schema_to_json(schema_from_json(schema_to_json(news))) == schema_to_json(news));
  json changed = schema_to_json(news);
  changed["derived_slots"]["order"] = 1;
  BOOST_TEST(error_of(changed) == "schema: derived_slots: value slot 1 is used twice");
  changed = schema_to_json(news);
  changed["derived_slots"]["tie"] = 20;
  BOOST_TEST(error_of(changed) == "schema: derived_slots: unknown key 'tie'");
  changed = schema_to_json(news);
  changed.erase("story");
  BOOST_TEST(error_of(changed) == "schema: derived_slots: 'story_facets' needs a 'story'");
  changed = schema_to_json(news);
  changed["derived_slots"]["story_facets"] = 16;
  BOOST_TEST(schema_incompatibility(news, schema_from_json(changed)) ==
             "the index was built with different derived_slots");
}

BOOST_AUTO_TEST_CASE(detects_incompatible_changes) {
  Schema a = schema_from_json(minimal());
  json changed = minimal();
  changed["fields"][1]["text"]["weight"] = 4;
  Schema b = schema_from_json(changed);
  std::string why = schema_incompatibility(a, b);
  BOOST_TEST(why.find("field 'title' is indexed differently") == 0u, why);
  changed = minimal();
  changed["version"] = 2;
  BOOST_TEST(schema_incompatibility(a, schema_from_json(changed)) ==
             "the index was built with schema version 1, not 2");
  changed = minimal();
  changed["stemming"] = "all";
  BOOST_TEST(schema_incompatibility(a, schema_from_json(changed)) ==
             "the index was built with \"stemming\": \"some\", the schema file has \"all\"");
}

BOOST_AUTO_TEST_SUITE_END()
