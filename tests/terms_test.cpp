#include "index/terms.h"

#include <boost/test/unit_test.hpp>

using namespace dateline;

namespace {

// split_words as a plain walk over Xapian's UTF-8 iterator, which next_word must agree with.
std::vector<std::string> terms_reference_words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (Xapian::Utf8Iterator it(text); it != Xapian::Utf8Iterator(); ++it) {
    if (Xapian::Unicode::is_wordchar(*it)) {
      Xapian::Unicode::append_utf8(word, Xapian::Unicode::tolower(*it));
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

const std::string kTermsTexts[] = {
    "",
    "   ",
    "One",
    "The Company's 2024_report: U.S. dlrs-offering, 82.83/93 centimes!",
    "Caf\xc3\xa9 \xc3\x89"
    "COLE na\xc3\xafve \xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e \xf0\x9f\x98\x80 end",
    "stra\xc3\x9f"
    "e \xce\xa3\xce\x99\xce\xa3\xce\xa5\xce\xa6\xce\x9f\xce\xa3",
    "invalid \xff\xfe bytes \xc3 cut \xe2\x80 short \xed\xa0\x80 surrogate",
    "trailing word\xc3",
    "x\xcc\x81y combining\xe2\x80\x8bzero-width",
    "^caret `tick ~tilde |bar",
};

}  // namespace

BOOST_AUTO_TEST_SUITE(terms)

BOOST_AUTO_TEST_CASE(ascii_word_characters_are_xapians) {
  for (unsigned c = 0; c < 0x80; ++c) {
    const std::string text = "a" + std::string(1, static_cast<char>(c)) + "b";
    BOOST_TEST(split_words(text) == terms_reference_words(text), "character " << c);
  }
}

BOOST_AUTO_TEST_CASE(next_word_splits_as_xapian_does) {
  for (const std::string& text : kTermsTexts) {
    BOOST_TEST(split_words(text) == terms_reference_words(text), text);
    std::vector<std::string> one_by_one;
    std::string word = "left over";
    for (std::size_t offset = 0; next_word(text, offset, word);) one_by_one.push_back(word);
    BOOST_TEST(one_by_one == terms_reference_words(text), text);
    BOOST_TEST(word.empty());
  }
}

BOOST_AUTO_TEST_SUITE_END()
