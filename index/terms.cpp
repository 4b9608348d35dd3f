#include "index/terms.h"

#include "core/text.h"
#include "index/format.h"

namespace dateline {

std::string filter_term(const std::string& prefix, const std::string& value) {
  std::string term = prefix + slugify(value);
  return std::string(utf8_prefix(term, kMaxTermBytes));
}

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (Xapian::Utf8Iterator it(text); it != Xapian::Utf8Iterator(); ++it) {
    unsigned ch = *it;
    if (Xapian::Unicode::is_wordchar(ch)) {
      Xapian::Unicode::append_utf8(word, Xapian::Unicode::tolower(ch));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
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
