// The languages a query is read in, and reading a query in each of them.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include <xapian.h>

#include "schema/schema.h"

namespace dateline {

struct QueryLanguage {
  std::string code;  // ISO 639-1, lower case
  Xapian::Stem stem;
  const Xapian::Stopper* function_words = nullptr;  // query/stopwords.h; nullptr: no list
  std::string term;  // the lang filter's term for the language's articles; "" when none
};

// `code` as a query language of `schema`'s index.
QueryLanguage query_language(const Schema& schema, const std::string& code);

// The schema's default language first, then every other language the index holds (the lang
// filter's terms, at most 32) that Xapian can stem.
std::vector<QueryLanguage> index_languages(const Xapian::Database& db, const Schema& schema);

// `own`, the text read in languages.front(), and the same text read by `read` in each other
// language, each of those matching only that language's articles. A reading the same as `own`
// is left out. So an article of the first language matches and weighs exactly as `own` alone
// would make it. (Keeping the other languages' articles out of `own` would spare them a weight
// counted twice, which needs the terms of both stemmers in one article, but cost a fifth of the
// English queries' throughput on Reuters with 1,000 German articles.)
Xapian::Query in_languages(const Xapian::Query& own, const std::vector<QueryLanguage>& languages,
                           const std::function<Xapian::Query(const QueryLanguage&)>& read);

}  // namespace dateline
