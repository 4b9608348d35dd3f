// JSON forms of the service's results, as the HTTP API returns them (docs/API.md).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "server/search_request.h"
#include "server/search_service.h"

namespace dateline {

nlohmann::ordered_json to_json(const SearchResponse& response);

nlohmann::ordered_json to_json(const IndexStats& stats);

// {"suggestions":[{"text":"ukraine","count":123},...]}
nlohmann::ordered_json to_json(const std::vector<Suggestion>& suggestions);

// Serialises `value` as compact JSON in which '<', '>' and '&' inside strings are written as
// \u003c, \u003e and \u0026, so document text can never be read as markup by a browser that
// sniffs the response. Strings under a "highlight" key are our HTML (escaped text plus highlight
// tags) and are written as they are. Invalid UTF-8 is replaced with U+FFFD.
std::string dump_html_safe(const nlohmann::ordered_json& value);

// {"error":{"code":"...","message":"..."}}
nlohmann::ordered_json error_json(const std::string& code, const std::string& message);

}  // namespace dateline
