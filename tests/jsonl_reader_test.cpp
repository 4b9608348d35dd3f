#include "indexer/jsonl_reader.h"

#include <sstream>

#include <boost/test/unit_test.hpp>

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

BOOST_AUTO_TEST_SUITE_END()
