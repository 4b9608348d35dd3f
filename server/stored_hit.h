// The fields of a stored article that a search hit shows, read from the document data (the
// canonical JSON object the indexer stores, docs/ARTICLE.md) without building a JSON tree.
// simdjson's on-demand parser does this about 17 times faster than parsing the whole article
// with nlohmann/json (Reuters-21578 and generated articles), and a search reads ten articles.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dateline {

struct StoredHit {
  std::string id;
  std::string url;
  std::string title;
  std::string source;
  std::string section;
  std::string published_at;
  std::string updated_at;
  std::string correction;
  std::string summary;
  std::string body;
  std::vector<std::string> authors;
};

// A field that is missing or not a string is left empty, and entries of "authors" that are not
// strings are left out. Throws Error(kInternal) when `data` is not a JSON object (the index holds
// something the indexer did not write); values of other fields are skipped, not checked. Safe to
// call from any thread.
StoredHit read_stored_hit(std::string_view data);

}  // namespace dateline
