// Parsing and formatting of article timestamps. Times are carried as unix seconds (UTC).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace dateline {

// Parses a timestamp in one of the forms news feeds use:
//   - RFC 3339 / ISO 8601: "2024-03-14", "2024-03-14T09:30", "2024-03-14T09:30:00Z",
//     "2024-03-14 09:30:00.250+01:00", "2024-03-14T09:30:00-0500";
//   - RFC 2822 (RSS): "Thu, 14 Mar 2024 09:30:00 +0000", "14 Mar 2024 09:30 GMT", with the
//     obsolete zone names UT, GMT, Z, EST/EDT, CST/CDT, MST/MDT, PST/PDT;
//   - unix seconds as a string of digits: "1710408600".
// A time without a zone is taken as UTC. Fractional seconds are dropped. Returns nullopt when the
// text is not one of these forms or names an impossible date or time (2024-02-30, 25:00).
std::optional<std::int64_t> parse_timestamp(std::string_view text);

// Formats unix seconds as RFC 3339 UTC: "2024-03-14T09:30:00Z".
std::string format_rfc3339(std::int64_t unix_seconds);

// "YYYYMMDD" for the UTC day of `unix_seconds`; used for date terms.
std::string format_yyyymmdd(std::int64_t unix_seconds);

}  // namespace dateline
