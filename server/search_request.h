// Parsing a search request (query/request.h) from HTTP parameters, and the results it gets:
// plain data, no HTTP types, so the router, the service and the CLI all speak it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "query/request.h"
#include "server/query_string.h"

namespace dateline {

struct SearchLimits {
  std::size_t max_query_bytes = 1024;  // longer q is refused
  int max_per_page = 100;
  std::size_t max_result_depth = 10000;  // page * per_page may not go past this
  int max_fragments = 5;
  int max_facet_size = 100;
};

// Builds a request from GET query parameters:
//   q, page, per_page, source, section, author, tag, lang (comma-separated values), from, to
//   (ISO date or datetime, unix seconds, or relative: 24h, 7d, 2w, 1y), sort
//   (relevance|newest|oldest), recency (off|balanced|strong), half_life (e.g. 12h, 30d),
//   facets (comma-separated facet names), facet_size, fragments, highlight_pre,
//   highlight_post, explain (true|false), collapse (true|false), correct (true|false).
// Parameters starting with '_' are ignored (cache busters); any other unknown parameter, a bad
// value or a value out of range throws Error(kInvalidArgument) with a message naming the
// parameter. `now` is the reference for relative dates (unix seconds).
SearchRequest parse_search_request(const Target& target, const SearchLimits& limits = {},
                                   std::int64_t now = 0);

// The same from a JSON object (POST /v1/search): the same names; filters and facets may also be
// arrays of strings; numbers and booleans may be JSON numbers and booleans.
SearchRequest parse_search_request(const nlohmann::json& body, const SearchLimits& limits = {},
                                   std::int64_t now = 0);

struct FacetValue {
  std::string value;
  std::size_t count = 0;
};

struct Facet {
  std::string name;
  std::vector<FacetValue> values;  // by count, then value
  bool approximate = false;        // counted over a sample of the matches, scaled up
};

struct SearchHit {
  std::string id;
  std::string url;
  std::string title;
  std::string source;
  std::string section;
  std::vector<std::string> authors;
  std::string published_at;  // RFC 3339 UTC, or "" when unknown
  std::string updated_at;    // RFC 3339 UTC, or "" when never updated
  std::string correction;    // the newsroom's note on a correction, or ""
  double score = 0;
  std::string title_html;                   // HTML-escaped, query words highlighted
  std::vector<std::string> body_fragments;  // HTML-escaped, highlighted; the lead when no match
  double recency_score = 0;                 // the part of `score` that recency added (explain)
  std::string story;             // story cluster id (an article id); empty without clustering
  std::size_t more_sources = 0;  // other articles of the same story collapsed away
  std::vector<std::string> other_sources;  // their sources' names (at most 10)
  bool pinned = false;  // placed by an editor's pick (server/curations.h), not by its score
};

struct SearchResponse {
  std::string query;
  std::size_t total = 0;
  bool total_exact = true;  // false: `total` is a lower bound
  int page = 1;
  int per_page = 10;
  double took_ms = 0;
  Matching matching = Matching::kAll;  // how the query was matched (query/request.h)
  bool relaxed = false;                // an all-words query found nothing and was rerun as any-word
  std::vector<SearchHit> hits;
  std::vector<Facet> facets;
  std::string corrected_query;  // a spelling correction of q, when one looks likely
  // The hits are for corrected_query: q matched nothing with every word, or q is a long query
  // (any word) with a word no article has. With `relaxed`, for any word of the correction.
  bool auto_corrected = false;
  std::string parsed_query;  // set when explain was asked for
  bool explain = false;
  // The work limits this request reached, each cutting its work short: "wildcards" (fewer
  // expansions per wildcard), "fragments" (fewer body fragments per hit). Empty: none.
  std::vector<std::string> truncated;
  // The editor's pick rule that applied (server/curations.h), "" = none; with the ids it pinned
  // on this page and the ids it hides. Shown with explain.
  std::string curation_rule;
  std::vector<std::string> curation_pinned;
  std::vector<std::string> curation_hidden;
  // Over a sharded index (index/topology.h): its shards, and how many could not be reached and
  // are missing from this answer. Both 0 for a single index.
  std::size_t shards_total = 0;
  std::size_t shards_failed = 0;
};

struct Suggestion {
  std::string text;
  std::size_t count = 0;  // articles whose titles contain it
};

}  // namespace dateline
