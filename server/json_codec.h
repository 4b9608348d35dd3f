// JSON forms of the service's results, as the HTTP API returns them (docs/API.md).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "server/search_request.h"
#include "server/search_service.h"

namespace dateline {

nlohmann::ordered_json to_json(const SearchResponse& response);

nlohmann::ordered_json to_json(const IndexStats& stats);

// A sharded index's shards: [{"shard":"10.0.0.7:7001","up":true,"documents":1234,
// "last_error":"...","down_since":"2026-..."}], the last two only when set.
nlohmann::ordered_json to_json(const std::vector<ShardHealth>& shards);

// {"suggestions":[{"text":"ukraine","count":123},...]}
nlohmann::ordered_json to_json(const std::vector<Suggestion>& suggestions);

// Serialises `value` as compact JSON in which '<', '>' and '&' inside strings are written as
// \u003c, \u003e and \u0026, so document text can never be read as markup by a browser that
// sniffs the response. The "highlight" object of each element of a top-level "hits" array is our
// HTML (escaped text plus highlight tags) and is written as it is; a "highlight" key anywhere else
// (an article's own field) is escaped like all text. Invalid UTF-8 is replaced with U+FFFD.
std::string dump_html_safe(const nlohmann::ordered_json& value);

// {"error":{"code":"...","message":"..."}}
nlohmann::ordered_json error_json(const std::string& code, const std::string& message);

}  // namespace dateline
