#include "indexer/html_reader.h"

#include <fstream>
#include <sstream>

#include <boost/test/unit_test.hpp>

#include "schema/dates.h"
#include "tests/generated_stream.h"
#include "tests/reader_sink.h"
#include "tests/test_support.h"

using namespace dateline;

namespace {

test::RecordingSink read_page(const std::string& name) {
  std::ifstream in(test::data_path(name), std::ios::binary);
  test::RecordingSink sink;
  ReaderOptions options;
  options.fallback_id = name;
  read_html(in, sink, options);
  return sink;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(html_reader)

BOOST_AUTO_TEST_CASE(takes_metadata_from_json_ld_and_strips_boilerplate) {
  test::RecordingSink sink = read_page("pages/harbour-story.html");
  BOOST_TEST_REQUIRE(sink.articles.size() == 1u, sink.events.front());
  const Article& a = sink.articles[0];
  BOOST_TEST(a.id == "https://ledger.example/2024/harbour-expansion");
  BOOST_TEST(a.title == "Harbour expansion approved");
  BOOST_TEST(a.authors == (std::vector<std::string>{"Ana Ortiz", "Ben Cole"}),
             boost::test_tools::per_element());
  BOOST_TEST(a.source == "The Harbor Ledger");
  BOOST_TEST(a.section == "Port");
  BOOST_TEST(a.tags == (std::vector<std::string>{"harbour", "council", "port"}),
             boost::test_tools::per_element());
  BOOST_TEST(a.language == "en");
  BOOST_TEST(a.image_url == "https://ledger.example/img/harbour.jpg");
  BOOST_TEST(a.summary == "The council approved the harbour expansion.");
  BOOST_TEST(format_rfc3339(*a.published_at) == "2024-03-11T08:15:00Z");
  BOOST_TEST(format_rfc3339(*a.updated_at) == "2024-03-11T12:00:00Z");
  BOOST_TEST(a.body ==
             "The council approved the expansion on Monday & work starts in May.\n\n"
             "Fishermen\u2019s groups objected to the plan.\n\n"
             "The first ships dock in 2026.");
}

BOOST_AUTO_TEST_CASE(falls_back_to_opengraph_meta_and_time) {
  test::RecordingSink sink = read_page("pages/ferry-story.html");
  BOOST_TEST_REQUIRE(sink.articles.size() == 1u, sink.events.front());
  const Article& a = sink.articles[0];
  BOOST_TEST(a.id == "https://baytimes.example/ferry-strike");
  BOOST_TEST(a.title == "Ferry strike called off");
  BOOST_TEST(a.authors == std::vector<std::string>{"Chris Dale"}, boost::test_tools::per_element());
  BOOST_TEST(a.source == "Bay Times");
  BOOST_TEST(a.section == "Transport");
  BOOST_TEST(a.tags == (std::vector<std::string>{"ferry", "strike"}),
             boost::test_tools::per_element());
  BOOST_TEST(format_rfc3339(*a.published_at) == "2024-03-13T07:00:00Z");
  BOOST_TEST(a.body ==
             "Posted this morning\n\n"
             "Ferry crews return to work on Wednesday after the union accepted the offer.\n\n"
             "Services run to the normal timetable.");
}

BOOST_AUTO_TEST_CASE(uses_time_datetime_and_the_fallback_id) {
  std::istringstream in(
      "<html><head><title>Quiet day</title></head><body><p>Nothing <b>happened</b>.</p>"
      "<time datetime=\"2024-01-02\">2 Jan</time></body></html>");
  test::RecordingSink sink;
  ReaderOptions options;
  options.fallback_id = "pages/quiet.html";
  read_html(in, sink, options);
  BOOST_TEST_REQUIRE(sink.articles.size() == 1u);
  BOOST_TEST(sink.articles[0].id == "pages/quiet.html");
  BOOST_TEST(sink.articles[0].title == "Quiet day");
  BOOST_TEST(sink.articles[0].body == "Nothing happened.\n\n2 Jan");
  BOOST_TEST(format_rfc3339(*sink.articles[0].published_at) == "2024-01-02T00:00:00Z");
}

BOOST_AUTO_TEST_CASE(rejects_a_page_without_a_title) {
  std::istringstream in("<html><body><p>Just text</p></body></html>");
  test::RecordingSink sink;
  ReaderOptions options;
  options.fallback_id = "x.html";
  read_html(in, sink, options);
  BOOST_TEST(sink.events == std::vector<std::string>{"1 reject missing title"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(ignores_json_ld_nested_too_deep_and_reads_the_page) {
  std::string deep = std::string(300000, '[') + std::string(300000, ']');
  std::istringstream in("<html><head><script type=\"application/ld+json\">" + deep +
                        "</script><meta property=\"og:title\" content=\"Deep\"></head>"
                        "<body><article><p>Text.</p></article></body></html>");
  test::RecordingSink sink;
  ReaderOptions options;
  options.fallback_id = "deep.html";
  read_html(in, sink, options);
  BOOST_TEST(sink.events == std::vector<std::string>{"1 article deep.html"},
             boost::test_tools::per_element());
  BOOST_TEST_REQUIRE(sink.articles.size() == 1u);
  BOOST_TEST(sink.articles[0].title == "Deep");
}

BOOST_AUTO_TEST_CASE(stops_reading_a_page_one_byte_past_the_limit) {
  test::GeneratedStreambuf buf("<html><body><p>", 'x', 64u << 20, "</p></body></html>");
  std::istream in(&buf);
  test::RecordingSink sink;
  ReaderOptions options;
  options.max_record_bytes = 1 << 20;
  read_html(in, sink, options);
  BOOST_TEST(sink.events == std::vector<std::string>{"1 reject page is larger than 1048576 bytes"},
             boost::test_tools::per_element());
  BOOST_TEST(buf.pulled() < (2u << 20));
}

BOOST_AUTO_TEST_CASE(survives_deeply_nested_elements) {
  std::string page = "<html><body><article>";
  for (int i = 0; i < 200000; ++i) page += "<div>";
  page += "deep</article></body></html>";
  std::istringstream in("<title>Nested</title>" + page);
  test::RecordingSink sink;
  ReaderOptions options;
  options.fallback_id = "nested.html";
  read_html(in, sink, options);
  BOOST_TEST(sink.events == std::vector<std::string>{"1 article nested.html"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_SUITE_END()
