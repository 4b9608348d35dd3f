#include "indexer/jsonl_reader.h"

#include <sstream>

#include <boost/test/unit_test.hpp>

#include "tests/generated_stream.h"
#include "tests/reader_sink.h"

using namespace dateline;

namespace {

// Records every event as one line of text, so tests compare a whole transcript.
class TranscriptSink : public RecordSink {
 public:
  void on_article(std::size_t line, Article a) override {
    events.push_back(std::to_string(line) + " article " + a.id);
  }
  void on_delete(std::size_t line, const std::string& id) override {
    events.push_back(std::to_string(line) + " delete " + id);
  }
  void on_reject(std::size_t line, const std::string& reason) override {
    events.push_back(std::to_string(line) + " reject " + reason);
  }
  std::vector<std::string> events;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(jsonl_reader)

BOOST_AUTO_TEST_CASE(reports_each_line_and_keeps_going_after_bad_ones) {
  std::istringstream in(
      "\xEF\xBB\xBF{\"id\":\"a\",\"title\":\"A\"}\r\n"
      "\n"
      "{\"id\":\"b\",\"title\":\n"
      "{\"id\":\"c\"}\n"
      "{\"id\":\"d\",\"title\":\"caf\xE9\"}\n"
      "{\"op\":\"delete\",\"id\":\"a\"}\n"
      "   \n"
      "{\"id\":\"e\",\"title\":\"E\"}");
  TranscriptSink sink;
  std::size_t records = read_jsonl(in, sink);
  BOOST_TEST(records == 6u);
  std::vector<std::string> expected = {
      "1 article a",
      "3 reject invalid JSON at column 19: syntax error while parsing value - unexpected "
      "end of input; expected '[', '{', or a literal",
      "4 reject missing title",
      "5 article d",
      "6 delete a",
      "8 article e",
  };
  BOOST_TEST(sink.events == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(rejects_overlong_lines_without_parsing_them) {
  std::istringstream in("{\"id\":\"a\",\"title\":\"" + std::string(100, 'x') + "\"}\n");
  TranscriptSink sink;
  ReaderOptions options;
  options.max_record_bytes = 50;
  read_jsonl(in, sink, options);
  BOOST_TEST(sink.events == std::vector<std::string>{"1 reject line is longer than 50 bytes"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(rejects_deeply_nested_json_before_parsing_it) {
  // 300,000 levels: nlohmann's recursive parser and destructor overflow the stack on this.
  std::string deep = "{\"id\":\"d\",\"title\":\"t\",\"x\":" + std::string(300000, '[') +
                     std::string(300000, ']') + "}";
  std::istringstream in("{\"id\":\"a\",\"title\":\"A\"}\n" + deep +
                        "\n{\"id\":\"b\",\"title\":\"[[[\",\"x\":[[1]]}\n");
  TranscriptSink sink;
  BOOST_TEST(read_jsonl(in, sink) == 3u);
  std::vector<std::string> expected = {"1 article a", "2 reject JSON nested deeper than 64 levels",
                                       "3 article b"};
  BOOST_TEST(sink.events == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_depth_limit_counts_every_array_and_object) {
  std::istringstream in(
      "{\"id\":\"a\",\"title\":\"A\",\"x\":[[1]]}\n"
      "{\"id\":\"b\",\"title\":\"B\",\"x\":[[[1]]]}\n");
  TranscriptSink sink;
  ReaderOptions options;
  options.max_json_depth = 3;
  read_jsonl(in, sink, options);
  std::vector<std::string> expected = {"1 article a", "2 reject JSON nested deeper than 3 levels"};
  BOOST_TEST(sink.events == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(skips_an_overlong_line_keeping_only_its_start) {
  // A 32 MiB line is read past, not stored: the rejection keeps its first 4 KiB.
  test::GeneratedStreambuf buf("{\"id\":\"a\",\"title\":\"A\"}\n{\"id\":\"x\",\"title\":\"", 'x',
                               32u << 20, "\"}\n{\"id\":\"b\",\"title\":\"B\"}\n");
  std::istream in(&buf);
  test::RecordingSink sink;
  ReaderOptions options;
  options.max_record_bytes = 1000;
  BOOST_TEST(read_jsonl(in, sink, options) == 3u);
  std::vector<std::string> expected = {"1 article a", "2 reject line is longer than 1000 bytes",
                                       "3 article b"};
  BOOST_TEST(sink.events == expected, boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(sink.raws.size() == 1u);
  BOOST_TEST(sink.raws[0].size() <= 1001u);
}

BOOST_AUTO_TEST_CASE(a_line_of_exactly_the_limit_is_read_even_with_crlf) {
  std::string line = "{\"id\":\"a\",\"title\":\"A\"}";
  std::istringstream in(line + "\r\n" + line + "x\r\n");
  TranscriptSink sink;
  ReaderOptions options;
  options.max_record_bytes = line.size();
  read_jsonl(in, sink, options);
  std::vector<std::string> expected = {
      "1 article a", "2 reject line is longer than " + std::to_string(line.size()) + " bytes"};
  BOOST_TEST(sink.events == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()

// Found by fuzz_jsonl_reader: a number past double's range made nlohmann throw out_of_range,
// not parse_error, which ended the whole job.
BOOST_AUTO_TEST_SUITE(jsonl_reader_numbers)

BOOST_AUTO_TEST_CASE(a_number_out_of_range_is_one_rejection) {
  std::istringstream in(
      "{\"id\":\"a\",\"title\":\"A\",\"x\":1e380}\n"
      "{\"id\":\"b\",\"title\":\"B\"}\n");
  TranscriptSink sink;
  read_jsonl(in, sink);
  BOOST_TEST(
      sink.events == (std::vector<std::string>{
                         "1 reject invalid JSON: number overflow parsing '1e380'", "2 article b"}),
      boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
