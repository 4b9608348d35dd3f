#include "server/json_codec.h"

#include <boost/test/unit_test.hpp>

using namespace dateline;

BOOST_AUTO_TEST_SUITE(json_codec)

using json = nlohmann::ordered_json;  // in the suite: other test files mean nlohmann::json

BOOST_AUTO_TEST_CASE(text_is_escaped_for_html_and_only_hit_highlights_are_markup) {
  json response = {
      {"query", "<b>"},
      {"hits", json::array({{{"id", "a&b"},
                             {"highlight", {{"title", "<mark>port</mark>"}, {"body", {"x"}}}}}})}};
  std::string out = dump_html_safe(response);
  BOOST_TEST(out.find("\"<mark>port</mark>\"") != std::string::npos, out);
  BOOST_TEST(out.find("\\u003cb\\u003e") != std::string::npos, out);
  BOOST_TEST(out.find("a\\u0026b") != std::string::npos, out);
}

// Issue 21: an article's own field named "highlight" came back raw from /v1/articles/{id}.
BOOST_AUTO_TEST_CASE(a_highlight_key_outside_a_hit_is_escaped) {
  json article = {{"id", "a1"},
                  {"highlight", "<script>alert(1)</script>"},
                  {"extra", {{"highlight", {{"title", "<img src=x onerror=alert(1)>"}}}}}};
  std::string out = dump_html_safe(article);
  BOOST_TEST(out.find('<') == std::string::npos, out);
  BOOST_TEST(out.find('>') == std::string::npos, out);

  json nested = {{"hits", json::array({{{"id", "a1"},
                                        {"highlight", {{"title", "<mark>x</mark>"}}},
                                        {"fields", {{"highlight", "<script>"}}}}})},
                 {"related", {{"hits", json::array({{{"highlight", "<script>"}}})}}}};
  out = dump_html_safe(nested);
  BOOST_TEST(out.find("<mark>x</mark>") != std::string::npos, out);
  BOOST_TEST(out.find("<script>") == std::string::npos, out);
}

BOOST_AUTO_TEST_SUITE_END()
