#include "indexer/feed_reader.h"

#include <chrono>
#include <fstream>
#include <sstream>

#include <boost/test/unit_test.hpp>

#include "schema/dates.h"
#include "tests/generated_stream.h"
#include "tests/reader_sink.h"
#include "tests/test_support.h"

using namespace dateline;

BOOST_AUTO_TEST_SUITE(feed_reader)

BOOST_AUTO_TEST_CASE(reads_rss_items_with_markup_stripped) {
  std::ifstream in(test::data_path("feed.rss"), std::ios::binary);
  test::RecordingSink sink;
  BOOST_TEST(read_feed(in, sink) == 4u);
  std::vector<std::string> expected = {
      "8 article ledger-2024-0311",
      "19 article https://ledger.example/2024/rationing-ends",
      "26 reject missing title",
      "30 article https://ledger.example/2024/ferry",
  };
  BOOST_TEST(sink.events == expected, boost::test_tools::per_element());
  const Article& a = sink.articles[0];
  BOOST_TEST(a.url == "https://ledger.example/2024/harbour-expansion");
  BOOST_TEST(a.source == "The Harbor Ledger");
  BOOST_TEST(a.language == "en");
  BOOST_TEST(a.authors == std::vector<std::string>{"Ana Ortiz"}, boost::test_tools::per_element());
  BOOST_TEST(a.tags == (std::vector<std::string>{"Port", "Council"}),
             boost::test_tools::per_element());
  BOOST_TEST(a.body ==
             "The council approved the expansion on Monday & work starts in May.\n\n"
             "Fishermen\u2019s groups objected.");
  BOOST_TEST(a.summary == "The council approved the expansion.");
  BOOST_TEST(format_rfc3339(*a.published_at) == "2024-03-11T08:15:00Z");
  const Article& b = sink.articles[1];
  BOOST_TEST(b.authors == std::vector<std::string>{"Ben Cole"}, boost::test_tools::per_element());
  BOOST_TEST(b.body == "Reservoirs are full & rationing ends today.");
  BOOST_TEST(sink.raws.front().find("<description>An item without a title.</description>") !=
             std::string::npos);
}

BOOST_AUTO_TEST_CASE(reads_atom_entries) {
  std::ifstream in(test::data_path("feed.atom"), std::ios::binary);
  test::RecordingSink sink;
  BOOST_TEST(read_feed(in, sink) == 3u);
  std::vector<std::string> expected = {
      "6 article urn:kurier:2024-0042",
      "18 reject published_at: unrecognised date 'nächsten Dienstag' (expected RFC 3339, RFC "
      "2822 or unix seconds)",
      "24 article urn:kurier:2024-0044",
  };
  BOOST_TEST(sink.events == expected, boost::test_tools::per_element());
  const Article& a = sink.articles[0];
  BOOST_TEST(a.title == "Neue Fähre für den See");
  BOOST_TEST(a.url == "https://kurier.example/faehre");
  BOOST_TEST(a.language == "de");
  BOOST_TEST(a.source == "Kurier am See");
  BOOST_TEST(a.tags == std::vector<std::string>{"Verkehr"}, boost::test_tools::per_element());
  BOOST_TEST(a.authors == std::vector<std::string>{"Lena Berg"}, boost::test_tools::per_element());
  BOOST_TEST(a.body == "Die Stadt kauft eine neue Fähre.\n\nSie fährt ab Mai.");
  BOOST_TEST(a.summary == "Die Stadt kauft eine Fähre.");
  BOOST_TEST(format_rfc3339(*a.published_at) == "2024-03-14T08:00:00Z");
  BOOST_TEST(format_rfc3339(*a.updated_at) == "2024-03-14T10:00:00Z");
  BOOST_TEST(sink.articles[1].body == "Böen bis 100 km/h.");
}

BOOST_AUTO_TEST_CASE(recovers_what_it_can_from_a_broken_feed) {
  std::istringstream in(
      "<rss><channel><title>T</title>\n"
      "<item><title>One</title><guid>g1</guid></item>\n"
      "<item><title>Two & three</title><guid>g2</guid></item>\n"
      "<item><title>Four</title><guid>g4</guid></item>\n");
  test::RecordingSink sink;
  read_feed(in, sink);
  BOOST_TEST_REQUIRE(sink.events.size() >= 2u);
  BOOST_TEST(sink.events[0] ==
             "3 warning: feed is not well-formed XML (xmlParseEntityRef: no name); reading what "
             "can be recovered");
  BOOST_TEST(sink.events[1] == "2 article g1");
}

BOOST_AUTO_TEST_CASE(rejects_a_document_that_is_not_a_feed) {
  std::istringstream in("<?xml version=\"1.0\"?>\n<catalog><book/></catalog>\n");
  test::RecordingSink sink;
  read_feed(in, sink);
  BOOST_TEST(
      sink.events == std::vector<std::string>{"2 reject not an RSS or Atom feed (root element "
                                              "<catalog>)"},
      boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(rejects_a_billion_laughs_feed_quickly) {
  // Nine levels of ten references: 10^9 copies of "lol" if expanded. With XML_PARSE_HUGE it took
  // minutes and gigabytes.
  std::string dtd = "<!ENTITY lol0 \"lol\">";
  for (int level = 1; level <= 9; ++level) {
    dtd += "<!ENTITY lol" + std::to_string(level) + " \"";
    for (int k = 0; k < 10; ++k) dtd += "&lol" + std::to_string(level - 1) + ";";
    dtd += "\">";
  }
  std::istringstream in("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n" + dtd +
                        "]>\n<rss><channel><item><guid>g</guid><title>&lol9;</title>"
                        "<enclosure type=\"image/png\" url=\"&lol9;\"/></item></channel></rss>\n");
  test::RecordingSink sink;
  auto start = std::chrono::steady_clock::now();
  BOOST_TEST(read_feed(in, sink) == 0u);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  BOOST_TEST(seconds < 2.0);
  BOOST_TEST(
      sink.events == std::vector<std::string>{"3 reject feed declares the XML entity 'lol0'; feeds "
                                              "with entity declarations are not read"},
      boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(never_reads_an_external_entity) {
  std::istringstream in(
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE rss [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
      "<rss><channel><item><guid>g</guid><title>T &xxe;</title></item></channel></rss>\n");
  test::RecordingSink sink;
  read_feed(in, sink);
  BOOST_TEST(
      sink.events == std::vector<std::string>{"2 reject feed declares the XML entity 'xxe'; feeds "
                                              "with entity declarations are not read"},
      boost::test_tools::per_element());
  BOOST_TEST(sink.articles.empty());
}

BOOST_AUTO_TEST_CASE(an_undeclared_entity_is_not_fetched_or_expanded) {
  std::istringstream in(
      "<?xml version=\"1.0\"?>\n"
      "<!DOCTYPE rss SYSTEM \"file:///etc/passwd\">\n"
      "<rss><channel><item><guid>g</guid><title>T &xxe;</title></item></channel></rss>\n");
  test::RecordingSink sink;
  read_feed(in, sink);
  BOOST_TEST_REQUIRE(sink.articles.size() == 1u);
  BOOST_TEST(sink.articles[0].title.find("root") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(stops_at_libxml2s_depth_bound) {
  std::string feed = "<rss><channel><item><guid>g1</guid><title>One</title></item><item>";
  for (int i = 0; i < 100000; ++i) feed += "<x>";
  std::istringstream in(feed);
  test::RecordingSink sink;
  read_feed(in, sink);
  std::vector<std::string> expected = {
      "1 warning: feed is not well-formed XML (Excessive depth in document: 256 use "
      "XML_PARSE_HUGE option); reading what can be recovered",
      "1 article g1", "1 reject missing id (and no url to use instead)"};
  BOOST_TEST(sink.events == expected, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(stops_reading_a_feed_one_byte_past_the_limit) {
  test::GeneratedStreambuf buf("<rss><channel><item><title>", 'x', 64u << 20,
                               "</title></item></channel></rss>");
  std::istream in(&buf);
  test::RecordingSink sink;
  ReaderOptions options;
  options.max_document_bytes = 1 << 20;
  BOOST_TEST(read_feed(in, sink, options) == 0u);
  BOOST_TEST(sink.events == std::vector<std::string>{"1 reject feed is larger than 1048576 bytes"},
             boost::test_tools::per_element());
  BOOST_TEST(buf.pulled() < (2u << 20));
}

BOOST_AUTO_TEST_SUITE_END()
