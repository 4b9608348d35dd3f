#include "index/terms.h"

#include "core/text.h"
#include "index/format.h"

namespace dateline {

std::string filter_term(const std::string& prefix, const std::string& value) {
  std::string term = prefix + slugify(value);
  return std::string(utf8_prefix(term, kMaxTermBytes));
}

unsigned next_multibyte_char(std::string_view text, std::size_t& offset) {
  // A character starts here, so decoding from here reads it as an iterator over all of `text`
  // would, invalid bytes included.
  Xapian::Utf8Iterator it(text.data() + offset, text.size() - offset);
  const unsigned ch = *it;
  ++it;
  offset = text.size() - it.left();
  return ch;
}

bool next_word(std::string_view text, std::size_t& offset, std::string& word) {
  word.clear();
  while (offset < text.size()) {
    const unsigned ch = next_char(text, offset);
    if (ch < 0x80) {
      if (ascii_wordchar(ch)) {
        word += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch + ('a' - 'A') : ch);
        continue;
      }
    } else if (Xapian::Unicode::is_wordchar(ch)) {
      Xapian::Unicode::append_utf8(word, Xapian::Unicode::tolower(ch));
      continue;
    }
    if (!word.empty()) return true;
  }
  return !word.empty();
}

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (std::size_t offset = 0; next_word(text, offset, word);) words.push_back(word);
  return words;
}

Xapian::Stem stemmer_for(const std::string& language) {
  try {
    return Xapian::Stem(language);
  } catch (const Xapian::InvalidArgumentError&) {
    return Xapian::Stem();  // no stemmer for this language: index words as they are
  }
}

}  // namespace dateline
