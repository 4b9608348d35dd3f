#include "indexer/csv_reader.h"

#include <fstream>
#include <sstream>

#include <boost/test/unit_test.hpp>

#include "tests/generated_stream.h"
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

BOOST_AUTO_TEST_CASE(an_unclosed_quote_costs_one_record_up_to_the_limit) {
  // The quote on line 3 is never closed: before, it swallowed every line after it.
  std::string body;
  for (int i = 0; i < 20; ++i) body += "filler line " + std::to_string(i) + " of the open quote\n";
  std::istringstream in("id,title\na,Alpha\nx,\"never closed\n" + body + "b,Beta\nc,Gamma\n");
  test::RecordingSink sink;
  ReaderOptions options;
  options.max_record_bytes = 100;
  read_csv(in, sink, options);
  BOOST_TEST_REQUIRE(sink.events.size() >= 3u);
  BOOST_TEST(sink.events.front() == "2 article a");
  BOOST_TEST(sink.events[1] == "3 reject record is longer than 100 bytes");
  std::vector<std::string> last(sink.events.end() - 2, sink.events.end());
  std::vector<std::string> expected = {"24 article b", "25 article c"};
  BOOST_TEST(last == expected, boost::test_tools::per_element());
  for (const std::string& raw : sink.raws) BOOST_TEST(raw.size() <= 102u);
}

BOOST_AUTO_TEST_CASE(a_huge_unclosed_quote_is_read_past_not_stored) {
  test::GeneratedStreambuf buf("id,title\na,Alpha\nx,\"", 'x', 32u << 20, "\nb,Beta\n");
  std::istream in(&buf);
  test::RecordingSink sink;
  ReaderOptions options;
  options.max_record_bytes = 1000;
  read_csv(in, sink, options);
  std::vector<std::string> expected = {"2 article a", "3 reject record is longer than 1000 bytes",
                                       "4 article b"};
  BOOST_TEST(sink.events == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_row_of_delimiters_is_counted_not_stored) {
  std::istringstream in("id,title\na,Alpha\n" + std::string(100000, ',') + "\nb,Beta\n");
  test::RecordingSink sink;
  read_csv(in, sink);
  std::vector<std::string> expected = {
      "2 article a", "3 reject row has 100001 fields; the header has 2", "4 article b"};
  BOOST_TEST(sink.events == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
