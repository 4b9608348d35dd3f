#include "indexer/record_emitter.h"

#include <boost/test/unit_test.hpp>

#include "core/error.h"
#include "tests/reader_sink.h"

using namespace dateline;
using nlohmann::json;

BOOST_AUTO_TEST_SUITE(record_emitter)

BOOST_AUTO_TEST_CASE(repairs_each_invalid_byte_with_a_replacement_character) {
  std::string text = "caf\xE9 \xC3\xA9 \xED\xA0\x80 \xF4\x90\x80\x80 ok \xE2\x82";
  BOOST_TEST(repair_utf8(text) == 10u);
  BOOST_TEST(text ==
             "caf\uFFFD \u00E9 \uFFFD\uFFFD\uFFFD \uFFFD\uFFFD\uFFFD\uFFFD ok \uFFFD\uFFFD");
  std::string clean = "plain \u00FC";
  BOOST_TEST(repair_utf8(clean) == 0u);
  BOOST_TEST(clean == "plain \u00FC");
}

BOOST_AUTO_TEST_CASE(caps_oversized_fields_with_one_warning_each) {
  test::RecordingSink sink;
  ReaderOptions options;
  options.limits.max_title_bytes = 10;
  options.limits.max_body_bytes = 5;
  json object = {{"id", "a"}, {"title", "T\u00FCbingen harbour"}, {"body", "123456789"}};
  emit_object(object, 4, "", sink, options);
  std::vector<std::string> expected = {"4 warning: title cut to 10 bytes",
                                       "4 warning: body cut to 5 bytes", "4 article a"};
  BOOST_TEST(sink.events == expected, boost::test_tools::per_element());
  BOOST_TEST(sink.articles[0].title == "T\u00FCbingen");  // never inside a character
  BOOST_TEST(sink.articles[0].body == "12345");
}

BOOST_AUTO_TEST_CASE(default_limits_are_the_documented_ones) {
  ArticleLimits limits;
  BOOST_TEST(limits.max_body_bytes == 1048576u);
  BOOST_TEST(limits.max_title_bytes == 1024u);
  test::RecordingSink sink;
  json object = {{"id", "a"}, {"title", "T"}, {"body", std::string(1048577, 'x')}};
  emit_object(object, 1, "", sink, {});
  BOOST_TEST(sink.events.front() == "1 warning: body cut to 1048576 bytes");
}

BOOST_AUTO_TEST_CASE(maps_names_and_passes_raw_text_with_rejections) {
  test::RecordingSink sink;
  ReaderOptions options;
  options.field_map = {parse_field_mapping("headline=title")};
  emit_object(json{{"id", "a"}, {"headline", "H"}}, 1, "raw a", sink, options);
  emit_object(json{{"id", "b"}, {"title", 5}}, 2, "raw b", sink, options);
  std::vector<std::string> expected = {"1 article a", "2 reject title must be a string"};
  BOOST_TEST(sink.events == expected, boost::test_tools::per_element());
  BOOST_TEST(sink.raws == std::vector<std::string>{"raw b"}, boost::test_tools::per_element());
  BOOST_CHECK_THROW(parse_field_mapping("headline"), Error);
  BOOST_CHECK_THROW(parse_field_mapping("=title"), Error);
}

BOOST_AUTO_TEST_SUITE_END()
