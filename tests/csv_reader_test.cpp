#include "indexer/csv_reader.h"

#include <fstream>
#include <sstream>

#include <boost/test/unit_test.hpp>

#include "tests/reader_sink.h"
#include "tests/test_support.h"

using namespace dateline;

BOOST_AUTO_TEST_SUITE(csv_reader)

BOOST_AUTO_TEST_CASE(reads_the_fixture_with_quoted_multiline_fields_and_bad_rows) {
  std::ifstream in(test::data_path("articles.csv"), std::ios::binary);
  test::RecordingSink sink;
  ReaderOptions options;
  options.field_map = {{"headline", "title"}, {"published", "published_at"}};
  std::size_t records = read_csv(in, sink, options);
  BOOST_TEST(records == 5u);
  std::vector<std::string> expected = {
      "2 article csv-1",        "3 article csv-2", "6 reject row has 5 fields; the header has 7",
      "7 reject missing title", "8 article csv-5",
  };
  BOOST_TEST(sink.events == expected, boost::test_tools::per_element());
  const Article& two = sink.articles[1];
  BOOST_TEST(two.title == "Council says \"no\" to tower");
  BOOST_TEST(two.body ==
             "The vote was 7 to 2.\n\nResidents cheered, and the developer said it would appeal.");
  BOOST_TEST(two.authors == (std::vector<std::string>{"Ben Cole", "Ana Ortiz"}),
             boost::test_tools::per_element());
  BOOST_TEST(two.extra["desk"] == "Politics");  // unmapped columns are stored
  BOOST_TEST(sink.articles[2].body == "The \"almanac\" is out, at last.");
  BOOST_TEST(sink.articles[2].published_at.value() == 1710576000);
  BOOST_TEST(sink.raws.front() == "csv-3,Ferry timetable,changes,on,Sunday");
}

BOOST_AUTO_TEST_CASE(reads_tsv_and_crlf_and_reports_unclosed_quotes) {
  std::istringstream in("id\ttitle\r\na\tAlpha\r\nb\t\"Beta \"\"B\"\"\"\r\nc\t\"never closed\r\n");
  test::RecordingSink sink;
  read_csv(in, sink, {}, CsvOptions{'\t', '"'});
  std::vector<std::string> expected = {"2 article a", "3 article b",
                                       "4 reject quoted field is not closed"};
  BOOST_TEST(sink.events == expected, boost::test_tools::per_element());
  BOOST_TEST(sink.articles[1].title == "Beta \"B\"");
}

BOOST_AUTO_TEST_CASE(rejects_text_after_a_closing_quote) {
  std::istringstream in("id,title\na,\"Alpha\"x\nb,Beta\n");
  test::RecordingSink sink;
  read_csv(in, sink);
  std::vector<std::string> expected = {"2 reject text after a closing quote", "3 article b"};
  BOOST_TEST(sink.events == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
