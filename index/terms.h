// How text and keyword values become index terms: the rules the writer indexes by and the query
// side searches by, so both always agree.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace dateline {

// The lower-cased words of `text`, as Xapian's term generator splits them.
std::vector<std::string> split_words(const std::string& text);

// The character at byte `offset` of `text` (where a character starts), as Xapian::Utf8Iterator
// reads it (an invalid byte as a character of its own); moves `offset` past it. ASCII, most of
// news text, without a call into Xapian.
unsigned next_multibyte_char(std::string_view text, std::size_t& offset);
inline unsigned next_char(std::string_view text, std::size_t& offset) {
  const auto byte = static_cast<unsigned char>(text[offset]);
  if (byte >= 0x80) return next_multibyte_char(text, offset);
  ++offset;
  return byte;
}

// Xapian::Unicode::is_wordchar for an ASCII character: letters, digits and '_' (the connector
// punctuation). tests/terms_test.cpp checks every ASCII character against Xapian.
inline bool ascii_wordchar(unsigned ch) {
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
         ch == '_';
}

// The words of split_words one at a time, without a vector or a string per word: puts the next
// word at or after byte `offset` of `text` into `word` (its buffer reused), moves `offset` past
// it, and returns true; false when no word is left.
bool next_word(std::string_view text, std::size_t& offset, std::string& word);

// Returns the boolean term for a keyword value: prefix + slugify(value), cut to kMaxTermBytes
// (index/format.h) at a character boundary.
std::string filter_term(const std::string& prefix, const std::string& value);

// Returns the Xapian stemmer for an ISO 639-1 code, or the no-op stemmer for a language Xapian
// does not stem.
Xapian::Stem stemmer_for(const std::string& language);

}  // namespace dateline
