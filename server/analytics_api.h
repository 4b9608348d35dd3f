// The search analytics API's own JSON and parameters: the click body in, the report out. No HTTP
// types; the router (server/router.cpp) sends what these make. docs/API.md has the shapes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "server/analytics.h"
#include "server/query_string.h"

namespace dateline {

// Largest POST /v1/events/click body read; a longer one is refused before parsing.
inline constexpr std::size_t kMaxClickBodyBytes = 1024;

struct ClickEvent {
  std::string search_id;  // 32 lowercase hex digits
  std::string id;         // the article's id, 1..256 bytes (checked, not stored)
  int position = 0;       // 1-based position of the hit on the page, 1..1000
};

// Parses `{"search_id":"…","id":"…","position":N}` (other keys are ignored, so an older server
// takes a newer page's beacon). Throws Error(kInvalidArgument) naming what is wrong: too long,
// too deep, not JSON, not an object, a missing or malformed field.
ClickEvent parse_click_body(std::string_view body);

struct AnalyticsRange {
  std::string from;  // "YYYY-MM-DD"
  std::string to;
  int limit = 20;
};

// Reads from, to and limit of GET /v1/analytics: days "YYYY-MM-DD" (default: the 30 days up to
// today, by `now`), to not before from, at most 366 days; limit 1..1000 (default 20). Throws
// Error(kInvalidArgument), also for any other parameter.
AnalyticsRange parse_analytics_range(const Target& target, std::int64_t now);

// The response of GET /v1/analytics.
nlohmann::ordered_json analytics_json(const AnalyticsRange& range, const AnalyticsReport& report,
                                      const AnalyticsCounters& counters);

// Reads and removes the parameter analytics=true|false (default true) that marks a search as a
// reader's own (false: the page's follow-up requests, which are not counted). Throws
// Error(kInvalidArgument) for another value.
bool take_analytics_flag(Target& target);
bool take_analytics_flag(nlohmann::json& body);

}  // namespace dateline
