#include "server/feeds.h"

#include <boost/test/unit_test.hpp>

#include "tests/format_checks.h"

using namespace dateline;

namespace {

std::string first_problem(const test::XmlCheck& check) {
  return check.problems.empty() ? "" : check.problems.front();
}

SearchResponse nasty_response() {
  SearchResponse r;
  r.query = "R&D <script> \"q\"";
  r.total = 2;
  SearchHit a;
  a.id = "a&1";
  a.title = "Tom & Jerry <b>\x01 say 'hi'";
  a.url = "https://x.example/?a=1&b=2";
  a.source = "The Harbor Ledger";
  a.published_at = "2024-03-14T09:30:00Z";
  a.body_fragments = {"\xe2\x80\xa6the <mark>R&amp;D</mark> budget\xe2\x80\xa6"};
  SearchHit b;
  b.id = "b/2";
  b.published_at = "";
  r.hits = {a, b};
  return r;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(feeds)

BOOST_AUTO_TEST_CASE(escapes_markup_and_drops_forbidden_characters) {
  BOOST_TEST(xml_escape("a<b>&\"c'\x01\td") == "a&lt;b&gt;&amp;&quot;c&apos;\td");
}

// Issue 21: U+FFFE and U+FFFF went into the RSS output, which XML parsers then refuse.
BOOST_AUTO_TEST_CASE(noncharacters_and_bad_utf8_never_reach_the_xml) {
  BOOST_TEST(xml_escape("a\xEF\xBF\xBE b\xEF\xBF\xBF c") == "a b c");
  BOOST_TEST(xml_escape("\xEF\xBF\xBD \xC3\xA9 \xF0\x9F\x93\xB0") ==
             "\xEF\xBF\xBD \xC3\xA9 \xF0\x9F\x93\xB0");  // U+FFFD, é and an emoji stay
  BOOST_TEST(xml_escape("x\xFFy") == "x\xEF\xBF\xBDy");  // a stray byte
  BOOST_TEST(xml_escape("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // a surrogate
  BOOST_TEST(xml_escape("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");                  // overlong '/'
  BOOST_TEST(xml_escape("\xE2\x82") == "\xEF\xBF\xBD\xEF\xBF\xBD");                  // truncated
}

BOOST_AUTO_TEST_CASE(dates_are_rfc822) {
  BOOST_TEST(format_rfc822(1710408600) == "Thu, 14 Mar 2024 09:30:00 +0000");
  BOOST_TEST(format_rfc822(0) == "Thu, 01 Jan 1970 00:00:00 +0000");
  BOOST_TEST(format_rfc822(951782400) == "Tue, 29 Feb 2000 00:00:00 +0000");
}

BOOST_AUTO_TEST_CASE(base_url_prefers_configuration_then_a_sane_host) {
  BOOST_TEST(feed_base_url("https://news.example/", "ignored") == "https://news.example");
  BOOST_TEST(feed_base_url("", "127.0.0.1:8080") == "http://127.0.0.1:8080");
  BOOST_TEST(feed_base_url("", "evil\"><x") == "http://localhost");
  BOOST_TEST(feed_base_url("", "") == "http://localhost");
}

BOOST_AUTO_TEST_CASE(rss_is_well_formed_and_escaped) {
  std::string rss = render_rss(nasty_response(), "http://h:1");
  test::XmlCheck check = test::check_xml(rss);
  BOOST_TEST(check.problems.empty(), first_problem(check));
  BOOST_TEST(check.root == "rss");
  BOOST_TEST(rss.find("<pubDate>Thu, 14 Mar 2024 09:30:00 +0000</pubDate>") != std::string::npos);
  BOOST_TEST(rss.find("<title>Tom &amp; Jerry &lt;b&gt; say &apos;hi&apos;</title>") !=
             std::string::npos);
  BOOST_TEST(rss.find("&lt;mark&gt;R&amp;amp;D&lt;/mark&gt;") != std::string::npos);
  BOOST_TEST(rss.find("<link>http://h:1/v1/articles/b%2F2</link>") != std::string::npos);
  BOOST_TEST(rss.find("<link>http://h:1/?q=R%26D%20%3Cscript%3E%20%22q%22</link>") !=
             std::string::npos);
  BOOST_TEST(rss.find("<opensearch:totalResults>2</opensearch:totalResults>") != std::string::npos);
  BOOST_TEST(std::count(check.elements.begin(), check.elements.end(), "item") == 2);
  BOOST_TEST(std::count(check.elements.begin(), check.elements.end(), "pubDate") == 1);
}

BOOST_AUTO_TEST_CASE(opensearch_description_points_at_page_and_feed) {
  std::string xml = render_opensearch("https://news.example");
  test::XmlCheck check = test::check_xml(xml);
  BOOST_TEST(check.problems.empty(), first_problem(check));
  BOOST_TEST(check.root == "OpenSearchDescription");
  BOOST_TEST(xml.find("xmlns=\"http://a9.com/-/spec/opensearch/1.1/\"") != std::string::npos);
  BOOST_TEST(xml.find("type=\"text/html\" method=\"get\" template=\"https://news.example/"
                      "?q={searchTerms}&amp;page={startPage?}\"") != std::string::npos);
  BOOST_TEST(xml.find("type=\"application/rss+xml\" template=\"https://news.example/v1/"
                      "search.rss?q={searchTerms}") != std::string::npos);
  BOOST_TEST(xml.find("<ShortName>Dateline</ShortName>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_checker_catches_broken_xml) {
  BOOST_TEST(!test::check_xml("<a><b></a></b>").problems.empty());
  BOOST_TEST(!test::check_xml("<a>x & y</a>").problems.empty());
  BOOST_TEST(!test::check_xml("<a x=1/>").problems.empty());
  BOOST_TEST(!test::check_xml("<a/><b/>").problems.empty());
  BOOST_TEST(!test::check_xml("<a>").problems.empty());
  BOOST_TEST(!test::check_xml("<a>1 < 2</a>").problems.empty());
  BOOST_TEST(test::check_xml("<?xml version=\"1.0\"?>\n<a x='1' y=\"&amp;\"><b/>&#38;&#x26;</a>\n")
                 .problems.empty());
}

BOOST_AUTO_TEST_SUITE_END()
