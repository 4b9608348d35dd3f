#include "query/wildcards.h"

#include <algorithm>
#include <map>
#include <set>

#include <boost/test/unit_test.hpp>

#include "query/parser.h"
#include "tests/test_support.h"

using namespace dateline;

namespace {

std::string wildcard_article(const std::string& id, const std::string& title,
                             const std::string& body) {
  return R"({"id":")" + id + R"(","title":")" + title + R"(","body":")" + body + "\"}\n";
}

// An index of stems (schema/news.json): "president" is indexed as "presid", "easing" as "eas",
// "mineralization" as "miner".
struct StemIndex {
  test::TempDir dir;
  std::string path = dir.str("db");
  const std::map<std::string, std::string> prefixes{{"title", "S"}, {"author", "A"}};
  StemIndex() {
    test::index_jsonl(
        path, wildcard_article("p", "Chip maker hires", "She is vice-president for hardware.") +
                  wildcard_article("t", "Trump visits the port", "A short visit.") +
                  wildcard_article("v", "President visits the port", "Crowds waited.") +
                  wildcard_article("m", "Mineralization survey starts", "Drilling began.") +
                  wildcard_article("e", "Rates steady", "Inflation was easing."));
  }
  std::string widen(const std::string& q) {
    Xapian::Database db(path);
    return widen_wildcards(q, db, Xapian::Stem("en"), prefixes);
  }
  // The stems the widened query names besides its wildcards.
  std::set<std::string> stems(const std::string& q) {
    Xapian::Database db(path);
    Xapian::QueryParser parser;
    configure_query_parser(parser, test::news_schema(), db);
    Xapian::Query query = parser.parse_query(
        widen(q), Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD);
    return {query.get_terms_begin(), query.get_terms_end()};
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(wildcards, StemIndex)

BOOST_AUTO_TEST_CASE(reaches_stems_shorter_than_the_prefix) {
  // "president" (body and title) is "presid": the prefix completed by a letter reaches it.
  BOOST_TEST(widen("presiden*").rfind("(presiden* OR ", 0) == 0u, widen("presiden*"));
  BOOST_TEST(stems("presiden*") == std::set<std::string>{"presid"},
             boost::test_tools::per_element());
  // "easing" is only in a body: "easi" + "ng" reaches "eas".
  BOOST_TEST(stems("easi*") == std::set<std::string>{"eas"}, boost::test_tools::per_element());
  // "mineralization" is too long an ending for two letters; the title word in the spelling
  // table reaches it.
  BOOST_TEST(stems("mineraliza*") == std::set<std::string>{"miner"},
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(keeps_operators_fields_and_the_rest_of_the_query) {
  BOOST_TEST(stems("+title:presiden* port") == (std::set<std::string>{"Spresid", "port"}),
             boost::test_tools::per_element());
  std::string widened = widen("port -presiden* (title:presiden* OR crowds)");
  BOOST_TEST(widened.rfind("port -(presiden* OR ", 0) == 0u, widened);
  BOOST_TEST(widened.find("(title:presiden* OR title:") != std::string::npos, widened);
  BOOST_TEST(widened.find(" OR crowds)") != std::string::npos, widened);
}

BOOST_AUTO_TEST_CASE(leaves_alone_what_it_cannot_or_need_not_widen) {
  for (const std::string q :
       {"president", "\"presiden*\"", "vice-presiden*", "source:presiden*", "presiden**",
        "presiden*x", "trumpet*", "port*", "*", "title:*", "+*"}) {
    BOOST_TEST(widen(q) == q);
  }
  // "trumpet*" never reaches "trump": no word starting with "trumpet" stems to it.
  BOOST_TEST(stems("trumpet*").empty());
  Xapian::Database db(path);
  BOOST_TEST(widen_wildcards("presiden*", db, Xapian::Stem("none"), prefixes) == "presiden*");
}

// Xapian rereads a query it cannot parse as plain words; a widened one would then search the
// word "or". parse_with_wildcards parses the query as given instead.
BOOST_AUTO_TEST_CASE(a_query_xapian_reads_as_plain_words_is_not_widened) {
  Xapian::Database db(path);
  Xapian::QueryParser parser;
  configure_query_parser(parser, test::news_schema(), db);
  const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD;
  auto terms = [&](const std::string& q) {
    Xapian::Query query =
        parse_with_wildcards(parser, q, flags, test::news_schema(), db, Xapian::Stem("en"));
    return std::set<std::string>(query.get_terms_begin(), query.get_terms_end());
  };
  BOOST_TEST(terms("presiden* NEAR port").count("or") == 0u);
  Xapian::Query as_given = parser.parse_query("presiden* NEAR port", flags);
  BOOST_TEST(terms("presiden* NEAR port") ==
                 std::set<std::string>(as_given.get_terms_begin(), as_given.get_terms_end()),
             boost::test_tools::per_element());
  BOOST_TEST(terms("presiden* port").count("presid") == 1u);  // parsed: widened
}

BOOST_AUTO_TEST_CASE(widens_a_bounded_number_of_words) {
  std::string q;
  for (int i = 0; i < 12; ++i) q += "presiden* ";
  std::string widened = widen(q);
  std::size_t groups = 0;
  for (std::size_t at = widened.find("(presiden*"); at != std::string::npos;
       at = widened.find("(presiden*", at + 1))
    ++groups;
  BOOST_TEST(groups == 8u);
}

BOOST_AUTO_TEST_SUITE_END()
