#include "index/word_set.h"

#include <set>

#include <boost/test/unit_test.hpp>

using namespace dateline;

BOOST_AUTO_TEST_SUITE(word_set)

BOOST_AUTO_TEST_CASE(holds_exactly_its_words) {
  std::vector<std::string> words = {
      "said", "year", "mln", "dlrs", "compani",           "pct", "not", "us",
      "u",    "s",    "",    "said", "\xc3\xa9t\xc3\xa9", "x_y"};
  for (int i = 0; i < 200; ++i) words.push_back("w" + std::to_string(i * 7));
  const WordSet set(words);
  const std::set<std::string> want(words.begin(), words.end());
  BOOST_TEST(!set.empty());
  for (const std::string& word : words) BOOST_TEST(set.contains(word), word);
  for (const char* other : {"sai", "saids", "dlr", "compan", "compani ", "w1", "w8", "w1400",
                            "\xc3\xa9t\xc3", "xy", "U", " "}) {
    BOOST_TEST(set.contains(other) == (want.count(other) > 0), other);
  }
  BOOST_TEST(WordSet().empty());
  BOOST_TEST(!WordSet().contains("said"));
  BOOST_TEST(!WordSet().contains(""));
  BOOST_TEST(!WordSet({"said"}).contains(""));
}

BOOST_AUTO_TEST_SUITE_END()
