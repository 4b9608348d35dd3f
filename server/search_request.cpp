#include "server/search_request.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/error.h"
#include "core/parse.h"
#include "schema/dates.h"

namespace dateline {
namespace {

using nlohmann::json;

[[noreturn]] void invalid(const std::string& message) {
  throw Error(ErrorKind::kInvalidArgument, message);
}

int parse_int_param(const std::string& name, const std::string& value, int lo, int hi) {
  std::optional<int> out = parse_integer<int>(value);
  if (!out) invalid(name + " must be an integer");
  if (*out < lo || *out > hi) {
    invalid(name + " must be " + std::to_string(lo) + ".." + std::to_string(hi));
  }
  return *out;
}

// "24h", "7d", "2w", "1y" -> seconds; nullopt when `text` is not a duration.
std::optional<std::int64_t> parse_age(const std::string& text) {
  std::optional<Duration> duration = parse_duration(text, {"h", "d", "w", "y"});
  if (!duration || duration->amount > 100'000) return std::nullopt;
  return static_cast<std::int64_t>(duration->seconds());
}

// A date bound: relative ("7d" = 7 days before now), absolute, or unix seconds. A date-only
// upper bound includes that whole day.
std::int64_t parse_bound(const std::string& name, const std::string& value, std::int64_t now,
                         bool upper) {
  if (auto ago = parse_age(value)) return now - *ago;
  auto t = parse_timestamp(value);
  if (!t) {
    invalid(name +
            " must be a date (2024-03-14), a datetime (2024-03-14T09:30:00Z) or a "
            "relative age (24h, 7d, 2w, 1y)");
  }
  bool date_only = value.size() == 10 && value[4] == '-' && value[7] == '-';
  return upper && date_only ? *t + 86399 : *t;
}

bool bool_param(const std::string& name, const std::string& value) {
  if (value.empty()) return true;
  std::optional<bool> out = parse_bool(value);
  if (!out) invalid(name + " must be true or false");
  return *out;
}

template <class T>
T parse_choice(const std::string& name, const std::string& value,
               std::initializer_list<std::pair<const char*, T>> choices) {
  std::string allowed;
  for (const auto& [text, choice] : choices) {
    if (value == text) return choice;
    allowed += (allowed.empty() ? "" : "|") + std::string(text);
  }
  invalid(name + " must be one of " + allowed);
}

void check_markup(const std::string& name, const std::string& value) {
  if (value.size() > 64) invalid(name + " must be at most 64 bytes");
}

// Applies one parameter; list-valued parameters may arrive several times and accumulate.
void apply(SearchRequest& r, const std::string& key, const std::string& value,
           const SearchLimits& limits, std::int64_t now) {
  const auto& filters = filter_names();
  if (key == "q") {
    if (value.size() > limits.max_query_bytes) {
      invalid("q must be at most " + std::to_string(limits.max_query_bytes) + " bytes");
    }
    r.q = value;
  } else if (key == "page") {
    r.page = parse_int_param("page", value, 1, 1'000'000);
  } else if (key == "per_page") {
    r.per_page = parse_int_param("per_page", value, 1, limits.max_per_page);
  } else if (std::find(filters.begin(), filters.end(), key) != filters.end()) {
    auto values = split_list(value);
    if (values.empty()) invalid(key + " must name at least one value");
    auto& into = r.filters[key];
    into.insert(into.end(), values.begin(), values.end());
  } else if (key == "from") {
    r.from = parse_bound("from", value, now, false);
  } else if (key == "to") {
    r.to = parse_bound("to", value, now, true);
  } else if (key == "sort") {
    r.sort = parse_choice<SortOrder>("sort", value,
                                     {{"relevance", SortOrder::kRelevance},
                                      {"newest", SortOrder::kNewest},
                                      {"oldest", SortOrder::kOldest},
                                      {"updated", SortOrder::kUpdated}});
  } else if (key == "recency") {
    r.recency = parse_choice<Recency>(
        "recency", value,
        {{"off", Recency::kOff}, {"balanced", Recency::kBalanced}, {"strong", Recency::kStrong}});
  } else if (key == "half_life") {
    auto seconds = parse_age(value);
    if (!seconds || *seconds < 3600)
      invalid("half_life must be a duration of at least 1h (12h, 7d, 1y)");
    r.half_life_days = static_cast<double>(*seconds) / 86400.0;
  } else if (key == "facets") {
    const auto& known = facet_names();
    for (const std::string& name : split_list(value)) {
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        invalid("facets: unknown facet '" + name +
                "' (expected source, section, author, tag, lang or month)");
      }
      if (std::find(r.facets.begin(), r.facets.end(), name) == r.facets.end()) {
        r.facets.push_back(name);
      }
    }
  } else if (key == "facet_size") {
    r.facet_size = parse_int_param("facet_size", value, 1, limits.max_facet_size);
  } else if (key == "fragments") {
    r.fragments = parse_int_param("fragments", value, 1, limits.max_fragments);
  } else if (key == "highlight_pre") {
    check_markup(key, value);
    r.highlight_pre = value;
  } else if (key == "highlight_post") {
    check_markup(key, value);
    r.highlight_post = value;
  } else if (key == "explain") {
    r.explain = bool_param("explain", value);
  } else if (key == "collapse") {
    r.collapse = bool_param("collapse", value);
  } else if (key == "correct") {
    r.correct = bool_param("correct", value);
  } else if (key == "include_embargoed") {
    r.include_hidden = bool_param("include_embargoed", value);
  } else if (key.empty() || key[0] != '_') {
    invalid("unknown parameter '" + key + "'");
  }
}

void check_whole(const SearchRequest& r, const SearchLimits& limits) {
  std::size_t depth = static_cast<std::size_t>(r.page) * static_cast<std::size_t>(r.per_page);
  if (depth > limits.max_result_depth) {
    invalid("page * per_page must be at most " + std::to_string(limits.max_result_depth) +
            " (results past that depth are not served; refine the query)");
  }
  if (r.from && r.to && *r.from > *r.to) invalid("from must not be after to");
}

std::string scalar_to_string(const std::string& key, const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  invalid(key + " must be a string, a number or a boolean");
}

}  // namespace

SearchRequest parse_search_request(const Target& target, const SearchLimits& limits,
                                   std::int64_t now) {
  SearchRequest r;
  r.now = now;
  for (const auto& [key, value] : target.params) apply(r, key, value, limits, now);
  check_whole(r, limits);
  return r;
}

SearchRequest parse_search_request(const json& body, const SearchLimits& limits, std::int64_t now) {
  if (!body.is_object()) invalid("request body must be a JSON object");
  SearchRequest r;
  r.now = now;
  for (const auto& [key, value] : body.items()) {
    if (value.is_array()) {
      bool list_valued = key == "facets" || std::find(filter_names().begin(), filter_names().end(),
                                                      key) != filter_names().end();
      if (!list_valued) invalid(key + " must not be an array");
      for (const auto& element : value) {
        if (!element.is_string()) invalid(key + " must contain only strings");
        apply(r, key, element.get<std::string>(), limits, now);
      }
    } else {
      apply(r, key, scalar_to_string(key, value), limits, now);
    }
  }
  check_whole(r, limits);
  return r;
}

}  // namespace dateline
