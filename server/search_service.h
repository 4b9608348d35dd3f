// The search service: request in, results out. Owns its Xapian handles; Xapian objects are not
// thread-safe, so each server thread owns one SearchService.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "index/shard_set.h"
#include "query/query_case.h"
#include "server/curations.h"
#include "server/search_request.h"

namespace dateline {

struct ServiceOptions {
  std::size_t body_snippet_bytes = 200;      // target length of a body fragment
  int short_query_words = kShortQueryWords;  // up to this many words: every word is required
  unsigned check_at_least = 1000;            // count matches exactly up to this many
  unsigned facet_sample = 10000;             // facets are exact up to this many matches
  // Recency: the boost added to a fresh article, as a share of the best text score, and the
  // age at which it has halved.
  double balanced_share = 0.25;
  double balanced_half_life_days = 30;
  double strong_share = 0.6;
  double strong_half_life_days = 7;
  unsigned suggest_scan_limit = 5000;  // title terms examined per autocomplete request
  std::string synonyms_path;  // synonyms file (query/synonyms.h); "" = none. Reloaded on change.
  std::chrono::milliseconds synonyms_check_interval{1000};  // how often its mtime is looked at
  // The newsroom store (indexer/newsroom_store.h) whose taken-down articles are never shown,
  // whatever the index holds; "" = none.
  std::string newsroom_store;

  // Limits, set from `dateline serve` flags (server/config.cpp).
  unsigned max_wildcard_expansion = 100;  // a wild* term expands to its N most frequent terms
  // All wildcards of one query together expand to at most this many terms: with more wildcards
  // than max_wildcard_terms / max_wildcard_expansion, each gets an equal share (at least 1) and
  // the response says "truncated": ["wildcards"].
  unsigned max_wildcard_terms = 400;
  // Body fragments made for one page (per_page x fragments) at most; past it each hit gets
  // fewer (at least 1) and the response says "truncated": ["fragments"].
  unsigned max_page_fragments = 100;
  // Over a sharded index: answer 503 while any shard is down, instead of answering from the
  // others with "partial": true.
  bool require_all_shards = false;
};

struct IndexStats {
  std::size_t documents = 0;
  std::uint64_t revision = 0;
  double average_length = 0;
  std::int64_t last_commit = 0;  // unix seconds of the last Dateline commit; 0 if unknown
  nlohmann::ordered_json schema;
  std::vector<ShardHealth> shards;  // a sharded index's shards; empty for a single index
};

class SearchService {
 public:
  // Opens the index at `db_path` read-only and reads the schema stored in it: an index
  // directory, or a sharded index's topology (index/topology.h), whose schema comes from its
  // spelling database. Throws Error(kUnavailable) when there is no readable Dateline index there.
  explicit SearchService(const std::string& db_path, ServiceOptions options = {});
  ~SearchService();
  SearchService(const SearchService&) = delete;
  SearchService& operator=(const SearchService&) = delete;

  // Runs a search. Sees every commit made before the call. Throws Error(kUnavailable) if the
  // index cannot be read even after reopening it.
  SearchResponse search(const SearchRequest& request);

  // The stored article with this id (the canonical JSON form). Throws Error(kNotFound).
  // An embargoed or expired article (query/visibility.h) at `now` is unknown too, unless
  // `include_hidden`.
  nlohmann::ordered_json get_article(const std::string& id, std::int64_t now = unix_now(),
                                     bool include_hidden = false);

  // Articles like the one with `id` (by its most telling terms), excluding it, favouring recent
  // ones. Throws Error(kNotFound) for an unknown id.
  // Only articles a reader may see at `now`; a hidden `id` is unknown.
  SearchResponse related(const std::string& id, int per_page, std::int64_t now = unix_now());

  // Completions of the last word (or two words) of `prefix` from title words and title word
  // pairs, most frequent first.
  std::vector<Suggestion> suggest(const std::string& prefix, int limit);

  IndexStats stats();

  // The editor's picks stored in the index (server/curations.h), sorted by id.
  std::vector<CurationRule> curations();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dateline
