#include "query/spelling.h"

#include <boost/test/unit_test.hpp>

#include "query/stopwords.h"
#include "tests/test_support.h"

using namespace dateline;

namespace {

std::string line(const std::string& id, const std::string& title, const std::string& body) {
  return R"({"id":")" + id + R"(","title":")" + title + R"(","body":")" + body +
         R"(","published_at":"2026-03-01T10:00:00Z"})" + "\n";
}

// Titles feed the spelling table: "reserves" three times, "reserve" once; "patent" in titles,
// "patient" only in a body.
struct SpellingIndex {
  test::TempDir dir;
  std::string path = dir.str("db");
  SpellingIndex() {
    test::index_jsonl(path, line("a", "Harbour reserves rise", "Dockworkers strike again.") +
                                line("b", "Reserves fall at the harbour", "A patient wait.") +
                                line("c", "Gold reserves steady", "Markets were quiet.") +
                                line("d", "Reserve bank patent dispute",
                                     "Lawyers met. O'Neill said it wasn't over."));
  }
  std::string fix(const std::string& q) {
    Xapian::Database db(path);
    return corrected_query(db, q, {QueryLanguage{"en", Xapian::Stem("en"), stopper_for("en"), ""}})
        .query;
  }
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(spelling, SpellingIndex)

BOOST_AUTO_TEST_CASE(leaves_acronyms_and_function_words_alone) {
  BOOST_TEST(fix("gold ReSevres") == "");  // written with two capitals: a name
  BOOST_TEST(fix("GOLDD") == "");
  BOOST_TEST(fix("Resevres") == "reserves");  // one capital: a typed word
  BOOST_TEST(fix("did gold rise") == "");     // "did" is no typo of "dispute"
  BOOST_TEST(fix("gold ath") == "");          // nor is "at" a correction of "ath"
}

BOOST_AUTO_TEST_CASE(corrects_words_the_index_has_never_seen) {
  BOOST_TEST(fix("harbuor") == "harbour");
  BOOST_TEST(fix("gold resevres") == "gold reserves");
  // Everything around a corrected word is kept as typed.
  BOOST_TEST(fix("\"harbuor reserves\" Gold") == "\"harbour reserves\" Gold");
}

BOOST_AUTO_TEST_CASE(leaves_known_words_alone_even_next_to_more_frequent_ones) {
  // Xapian's parser would offer "reserves" (more frequent) for "reserve", and "patent" for
  // "patient" (a body word, not in the spelling table at all).
  BOOST_TEST(fix("reserve") == "");
  BOOST_TEST(fix("patient wait") == "");
  BOOST_TEST(fix("Harbour Reserves") == "");  // case does not make a word unknown
  // A word whose stem the index has is found as it is: "reservs" searches "reserv", the stem
  // of "reserves".
  BOOST_TEST(fix("gold reservs") == "");
  // Apostrophes join words as the indexer joins them: "neill" alone is not a known word.
  BOOST_TEST(fix("O'Neill wasn't harbuor") == "O'Neill wasn't harbour");
  BOOST_TEST(fix("O\u2019Neill") == "");
}

BOOST_AUTO_TEST_CASE(leaves_syntax_filters_numbers_and_short_words_alone) {
  BOOST_TEST(fix("title:harbuor") == "");
  BOOST_TEST(fix("source:harbuor-news harbuor") == "source:harbuor-news harbour");
  BOOST_TEST(fix("gold AND harbuor") == "gold AND harbour");
  BOOST_TEST(fix("gold NEAR/3 harbuor") == "gold NEAR/3 harbour");
  BOOST_TEST(fix("gold -harbuor") == "");
  BOOST_TEST(fix("harbuo*") == "");
  BOOST_TEST(fix("harbour 2025 reservs9") == "");
  BOOST_TEST(fix("xq") == "");
  BOOST_TEST(fix("") == "");
}

BOOST_AUTO_TEST_SUITE_END()
