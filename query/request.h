// What a search asks for: plain data, no HTTP and no Xapian types, so the query reader, the
// server and the CLI all speak it. Parsing it from HTTP parameters is the server's
// (server/search_request.h).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "schema/schema.h"

namespace dateline {

// The filterable fields, by their API name ("source", "section", "author", "tag", "lang"). Each
// names the schema field whose query_name it is (see api_field).
const std::vector<std::string>& filter_names();

// The facet names: the filter names plus "month".
const std::vector<std::string>& facet_names();

// The schema field an API filter or facet name stands for: the one whose query_name it is, or
// nullptr when the schema has none ("month" is published_at's month slot, not a field).
const FieldSpec* api_field(const Schema& schema, const std::string& api_name);

// How a query's words were matched: every word required ("all"), any word ("any"), no words
// (an empty q browses everything, "browse"), or the telling words of an article ("related").
enum class Matching { kAll, kAny, kBrowse, kRelated };

// The API's name for `matching`: "all", "any", "browse" or "related".
const char* matching_name(Matching matching);

// kUpdated: by updated_at, latest first (articles never updated after those that were).
enum class SortOrder { kRelevance, kNewest, kOldest, kUpdated };
enum class Recency { kOff, kBalanced, kStrong };

struct SearchRequest {
  std::string q;  // Xapian QueryParser syntax; empty = every article, newest first
  int page = 1;   // 1-based
  int per_page = 10;
  // API filter name -> accepted values (OR within a name, AND across names).
  std::map<std::string, std::vector<std::string>> filters;
  std::optional<std::int64_t> from;  // published_at >= from (unix seconds)
  std::optional<std::int64_t> to;    // published_at <= to
  SortOrder sort = SortOrder::kRelevance;
  Recency recency = Recency::kBalanced;
  std::optional<double> half_life_days;  // overrides the recency mode's half-life
  std::vector<std::string> facets;       // facet names to count
  int facet_size = 10;                   // values per facet
  int fragments = 1;                     // body fragments per hit
  std::string highlight_pre = "<mark>";
  std::string highlight_post = "</mark>";
  bool explain = false;
  bool collapse = true;  // one hit per story cluster
  // Whether a spelling correction may be searched in place of the typed words (false: "search
  // instead for" what was typed; the correction is still offered).
  bool correct = true;
  // The instant the request is judged at (unix seconds): embargoes and expiries
  // (query/visibility.h) and relative dates count from it.
  std::int64_t now = 0;
  // Embargoed and expired articles too (include_embargoed=true): only for a key that may see
  // them, which the router checks.
  bool include_hidden = false;
};

}  // namespace dateline
