// A validated search request and the results it gets: plain data, no HTTP and no Xapian types,
// so the router, the service and the CLI all speak it.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "server/query_string.h"

namespace dateline {

struct SearchLimits {
  std::size_t max_query_bytes = 1024;  // longer q is refused
  int max_per_page = 100;
  std::size_t max_result_depth = 10000;  // page * per_page may not go past this
};

struct SearchRequest {
  std::string q;  // Xapian QueryParser syntax; empty = every article, newest first
  int page = 1;   // 1-based
  int per_page = 10;
};

// Builds a request from query parameters (q, page, per_page). Parameters starting with '_' are
// ignored (cache busters); any other unknown parameter, a bad number or a value out of range
// throws Error(kInvalidArgument) with a message naming the parameter.
SearchRequest parse_search_request(const Target& target, const SearchLimits& limits = {});

struct SearchHit {
  std::string id;
  std::string url;
  std::string title;
  std::string source;
  std::string section;
  std::vector<std::string> authors;
  std::string published_at;  // RFC 3339 UTC, or "" when unknown
  double score = 0;
  std::string title_html;                   // HTML-escaped, query words in <mark>
  std::vector<std::string> body_fragments;  // HTML-escaped, with <mark>; the lead when no match
};

struct SearchResponse {
  std::string query;
  std::size_t total = 0;
  bool total_exact = true;  // false: `total` is a lower bound
  int page = 1;
  int per_page = 10;
  double took_ms = 0;
  std::string matching = "all";  // "all" (every word required), "any" or "browse" (empty q)
  bool relaxed = false;          // an all-words query found nothing and was rerun as any-word
  std::vector<SearchHit> hits;
};

}  // namespace dateline
