// snippet_stemmer: the stand-in MSet::snippet stems with must mark exactly the words the real
// stemmer marks.
#include "server/highlighter.h"

#include <string>
#include <unordered_set>
#include <vector>

#include <boost/test/unit_test.hpp>
#include <xapian.h>

#include "tests/test_support.h"

namespace dateline {
namespace {

// Every distinct lower-cased word of `text`, as Xapian's parsers cut it.
void collect_words(const std::string& text, std::unordered_set<std::string>& words) {
  Xapian::TermGenerator generator;
  Xapian::Document doc;
  generator.set_document(doc);
  generator.index_text(text);
  for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) words.insert(*term);
}

// The query MSet::snippet would look a word's stem up in: one "Z" term per stem.
Xapian::Query stems_query(const std::vector<std::string>& stems) {
  std::vector<Xapian::Query> terms;
  for (const std::string& s : stems) terms.emplace_back("Z" + s);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(highlighter)

BOOST_AUTO_TEST_CASE(snippet_stemmer_gives_every_word_its_stem_when_it_is_a_query_stem) {
  std::unordered_set<std::string> words = {
      // Porter2's special forms, including the three that change a word's second letter.
      "dying", "lying", "tying", "skis", "skies", "idly", "gently", "ugly", "early", "only",
      "singly", "news", "howe", "atlas", "cosmos", "bias", "andes", "sky",
      // Short words, y as a vowel, doubled letters, words that are already stems.
      "a", "s", "is", "as", "yes", "by", "cry", "flies", "ties", "dies", "cries", "aing", "hopping",
      "hoped", "generous", "communism", "arsenal", "o'neill", "café", "überall", "2026", "1,000",
      "x-ray", "ayes", "youth"};
  collect_words(test::read_file(test::sample_path("articles.jsonl")), words);
  for (const char* name : {"articles.csv", "articles.json", "mini.jsonl", "feed.rss"}) {
    collect_words(test::read_file(test::data_path(name)), words);
  }
  BOOST_REQUIRE_GT(words.size(), 3000u);
  const Xapian::Stem english("en");
  for (const std::string& word : words) {
    const std::string stem = english(word);
    Xapian::Stem stand_in = snippet_stemmer(english, {stems_query({stem})});
    BOOST_TEST(stand_in(word) == stem, word);
    // Among other query stems too, in either order.
    stand_in = snippet_stemmer(english, {stems_query({"zzz", stem}), stems_query({"market"})});
    BOOST_TEST(stand_in(word) == stem, word);
  }
}

BOOST_AUTO_TEST_CASE(snippet_stemmer_gives_no_stem_to_words_that_cannot_match) {
  const Xapian::Stem english("en");
  Xapian::Stem stand_in = snippet_stemmer(english, {stems_query({"strike", "rate"})});
  BOOST_TEST(stand_in("strikes") == "strike");
  BOOST_TEST(stand_in("rates") == "rate");
  BOOST_TEST(stand_in("stories") == "stori");  // begins like "strike": stemmed
  BOOST_TEST(stand_in("market") == "");
  BOOST_TEST(stand_in("unions") == "");
  // Words the query has as written (no "Z") are matched by the snippet generator without a stem.
  stand_in = snippet_stemmer(english, {Xapian::Query("rationed")});
  BOOST_TEST(stand_in("rationed") == "");
}

BOOST_AUTO_TEST_CASE(snippet_stemmer_leaves_other_stemmers_and_odd_queries_alone) {
  const Xapian::Stem german("de");
  Xapian::Stem same = snippet_stemmer(german, {stems_query({"haus"})});
  BOOST_TEST(same.get_description() == german.get_description());
  BOOST_TEST(same("über") == german("über"));
  const Xapian::Stem none;
  BOOST_TEST(snippet_stemmer(none, {stems_query({"x"})}).is_none());
  // A bare "Z" term: "" must not stand in for a stem then.
  const Xapian::Stem english("en");
  Xapian::Stem odd = snippet_stemmer(english, {Xapian::Query("Z")});
  BOOST_TEST(odd("market") == "market");
  BOOST_TEST(snippet_stemmer(english, {}).operator()("market") == "");
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace dateline
