// A language a query is read in.
#pragma once

#include <string>

#include <xapian.h>

namespace dateline {

struct QueryLanguage {
  std::string code;  // ISO 639-1, lower case
  Xapian::Stem stem;
  const Xapian::Stopper* function_words = nullptr;  // query/stopwords.h; nullptr: no list
  std::string term;  // the lang filter's term for the language's articles; "" when none
};

}  // namespace dateline
