#include "indexer/json_array_reader.h"

#include <fstream>
#include <sstream>

#include <boost/test/unit_test.hpp>

#include "tests/reader_sink.h"
#include "tests/test_support.h"

using namespace dateline;

BOOST_AUTO_TEST_SUITE(json_array_reader)

BOOST_AUTO_TEST_CASE(reports_bad_elements_at_their_line_and_reads_the_rest) {
  std::ifstream in(test::data_path("articles.json"), std::ios::binary);
  test::RecordingSink sink;
  BOOST_TEST(read_json_array(in, sink) == 4u);
  std::vector<std::string> expected = {
      "2 article json-1",
      "8 reject missing title",
      "12 reject element 3: invalid JSON at column 10: syntax error while parsing object - "
      "unexpected string literal; expected '}'",
      "17 article json-4",
  };
  BOOST_TEST(sink.events == expected, boost::test_tools::per_element());
  BOOST_TEST(sink.articles[0].body == "Traffic flows again [after] months of {repairs}.");
}

BOOST_AUTO_TEST_CASE(maps_keys_to_fields) {
  std::istringstream in(
      R"([{"headline":"A \"quoted\" ]} title","link":"https://x.example/a","ts":1657513103}])");
  test::RecordingSink sink;
  ReaderOptions options;
  options.field_map = {{"headline", "title"}, {"link", "url"}, {"ts", "published_at"}};
  read_json_array(in, sink, options);
  BOOST_TEST(sink.events == std::vector<std::string>{"1 article https://x.example/a"},
             boost::test_tools::per_element());
  BOOST_TEST(sink.articles[0].title == "A \"quoted\" ]} title");
  BOOST_TEST(sink.articles[0].published_at.value() == 1657513103);
}

BOOST_AUTO_TEST_CASE(reports_an_unclosed_array_and_a_non_array) {
  std::istringstream open_array("[{\"id\":\"a\",\"title\":\"A\"},\n");
  test::RecordingSink sink;
  read_json_array(open_array, sink);
  std::vector<std::string> expected = {"1 article a",
                                       "2 reject the array is not closed (missing ']')"};
  BOOST_TEST(sink.events == expected, boost::test_tools::per_element());

  std::istringstream object("{\"id\":\"a\"}");
  test::RecordingSink sink2;
  read_json_array(object, sink2);
  BOOST_TEST(sink2.events ==
                 std::vector<std::string>{"1 reject expected a JSON array ('[') at the top level"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(rejects_a_deeply_nested_element_and_reads_the_rest) {
  std::string deep = "{\"id\":\"d\",\"title\":\"t\",\"x\":" + std::string(300000, '[') +
                     std::string(300000, ']') + "}";
  std::istringstream in("[{\"id\":\"a\",\"title\":\"A\"},\n" + deep +
                        ",\n{\"id\":\"b\",\"title\":\"B\",\"x\":[[\"]]]]\"]]}]");
  test::RecordingSink sink;
  BOOST_TEST(read_json_array(in, sink) == 3u);
  std::vector<std::string> expected = {
      "1 article a", "2 reject element 2: JSON nested deeper than 64 levels", "3 article b"};
  BOOST_TEST(sink.events == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(an_array_of_deep_arrays_is_rejected_element_by_element) {
  std::istringstream in("[" + std::string(100000, '[') + std::string(100000, ']') + "]");
  test::RecordingSink sink;
  ReaderOptions options;
  options.max_json_depth = 8;
  read_json_array(in, sink, options);
  std::vector<std::string> expected = {"1 reject element 1: JSON nested deeper than 8 levels"};
  BOOST_TEST(sink.events == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
