// The search service: request in, results out. Owns its Xapian handles; Xapian objects are not
// thread-safe, so each server thread owns one SearchService.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "server/search_request.h"

namespace dateline {

struct ServiceOptions {
  std::size_t body_snippet_bytes = 200;  // target length of a body fragment
  int short_query_words = 3;             // up to this many words: every word is required
  unsigned check_at_least = 1000;        // count matches exactly up to this many
};

struct IndexStats {
  std::size_t documents = 0;
  std::uint64_t revision = 0;
  double average_length = 0;
  std::int64_t last_commit = 0;  // unix seconds of the last Dateline commit; 0 if unknown
  nlohmann::ordered_json schema;
};

class SearchService {
 public:
  // Opens the index at `db_path` read-only and reads the schema stored in it. Throws
  // Error(kUnavailable) when there is no readable Dateline index there.
  explicit SearchService(const std::string& db_path, ServiceOptions options = {});
  ~SearchService();
  SearchService(const SearchService&) = delete;
  SearchService& operator=(const SearchService&) = delete;

  // Runs a search. Sees every commit made before the call. Throws Error(kUnavailable) if the
  // index cannot be read even after reopening it.
  SearchResponse search(const SearchRequest& request);

  // The stored article with this id (the canonical JSON form). Throws Error(kNotFound).
  nlohmann::ordered_json get_article(const std::string& id);

  IndexStats stats();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dateline
