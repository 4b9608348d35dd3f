#include "schema/stored_json.h"

#include <boost/test/unit_test.hpp>

using namespace dateline;

namespace {

// An article with every field set, each text holding `text`.
Article stored_json_full(const std::string& text) {
  Article a;
  a.id = "id-" + text;
  a.url = "https://x.example/" + text;
  a.title = text;
  a.summary = text + text;
  a.body = "Body: " + text;
  a.authors = {text, "Ana Ruiz", ""};
  a.source = text;
  a.section = "Section " + text;
  a.tags = {"tag", text};
  a.language = "en";
  a.published_at = 1710408600;
  a.updated_at = -1;
  a.image_url = "https://x.example/a.jpg";
  a.embargo_until = 0;
  a.expires_at = 4102444800;
  a.correction = text;
  a.extra = nlohmann::json{
      {"wire_id", 77}, {"zeta", {{"b", 1}, {"a", text}}}, {"list", {1.5, nullptr, true}}};
  return a;
}

// Texts whose escapes the writer must get exactly as nlohmann does.
const std::string kStoredJsonTexts[] = {
    "",
    "plain words",
    "quote \" backslash \\ slash / done",
    "controls \b \f \n \r \t and \x01 \x1f \x7f end",
    std::string("a NUL \0 inside", 14),
    "unicode: caf\xc3\xa9 \xe2\x80\x9cquoted\xe2\x80\x9d \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x98\x80",
    "line\u2028separator and \xef\xbb\xbf BOM",
};

}  // namespace

BOOST_AUTO_TEST_SUITE(stored_json_writer)

BOOST_AUTO_TEST_CASE(writes_the_bytes_of_the_json_tree) {
  for (const std::string& text : kStoredJsonTexts) {
    Article a = stored_json_full(text);
    BOOST_TEST(stored_json(a) == article_to_json(a).dump(), text);
  }
}

BOOST_AUTO_TEST_CASE(leaves_out_empty_fields_as_the_tree_does) {
  Article a;
  a.title = "Only a title";
  BOOST_TEST(stored_json(a) == article_to_json(a).dump());
  BOOST_TEST(stored_json(a) == R"({"title":"Only a title"})");
  Article none;
  BOOST_TEST(stored_json(none) == "{}");
  none.extra = nlohmann::json{{"k", nlohmann::json::array()}, {"e", nlohmann::json::object()}};
  BOOST_TEST(stored_json(none) == article_to_json(none).dump());
}

BOOST_AUTO_TEST_CASE(extra_fields_named_like_canonical_ones_go_through_the_tree) {
  Article a = stored_json_full("x");
  a.extra = nlohmann::json{{"title", "replaced"}, {"correction", 3}, {"a", "b"}};
  BOOST_TEST(stored_json(a) == article_to_json(a).dump());
  a.image_url.clear();
  a.extra = nlohmann::json{{"image_url", "moved"}};
  BOOST_TEST(stored_json(a) == article_to_json(a).dump());
}

BOOST_AUTO_TEST_CASE(invalid_utf8_throws_as_the_tree_does) {
  Article a = stored_json_full("x");
  a.body = "bad \xff byte";
  BOOST_CHECK_THROW(stored_json(a), nlohmann::json::type_error);
  a.body = "fine";
  a.tags = {"surrogate \xed\xa0\x80"};
  BOOST_CHECK_THROW(stored_json(a), nlohmann::json::type_error);
}

BOOST_AUTO_TEST_SUITE_END()
