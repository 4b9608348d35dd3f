// The stored form of an article (the document data of the index, and what the API returns)
// written straight into a string, without building a JSON tree first.
#pragma once

#include <string>

#include "schema/article.h"

namespace dateline {

// Exactly the bytes of article_to_json(article).dump(): the same fields in the same order, the
// same escapes. Articles this writer does not take on itself (a string that is not valid UTF-8,
// an extra field named like a canonical one) go through article_to_json, and so throw as it
// does. Baked into on-disk indexes: change it only with article_to_json.
std::string stored_json(const Article& article);

}  // namespace dateline
