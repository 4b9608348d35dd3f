#include "server/analytics_api.h"

#include <algorithm>

#include "core/error.h"
#include "core/json_depth.h"
#include "core/parse.h"

namespace dateline {
namespace {

using ojson = nlohmann::ordered_json;

constexpr int kMaxPosition = 1000;
constexpr std::size_t kMaxArticleIdBytes = 256;
constexpr std::int64_t kDefaultDays = 30;
constexpr std::int64_t kMaxDays = 366;
constexpr int kMaxLimit = 1000;

[[noreturn]] void invalid(const std::string& message) {
  throw Error(ErrorKind::kInvalidArgument, message);
}

bool is_search_id(std::string_view id) {
  return id.size() == 32 && std::all_of(id.begin(), id.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// One day parameter, or `fallback` when absent.
std::string day_param(const Target& target, const char* name, const std::string& fallback) {
  const std::string* value = target.get(name);
  if (value == nullptr) return fallback;
  if (!parse_analytics_day(*value)) invalid(std::string(name) + " must be a day YYYY-MM-DD");
  return *value;
}

double ratio(std::int64_t part, std::int64_t whole) {
  return whole > 0 ? static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

ojson counts_json(const QueryCounts& c) {
  return {{"searches", c.searches},
          {"zero_results", c.zero_results},
          {"clicked_searches", c.clicked_searches},
          {"clicks", c.clicks},
          {"no_click_searches", std::max<std::int64_t>(0, c.no_clicks())},
          {"click_through", ratio(c.clicked_searches, c.searches - c.zero_results)}};
}

ojson rows_json(const std::vector<AnalyticsRow>& rows, const char* key) {
  ojson out = ojson::array();
  for (const AnalyticsRow& row : rows) {
    ojson item = {{key, row.key}};
    item.update(counts_json(row.counts));
    out.push_back(std::move(item));
  }
  return out;
}

bool flag_value(std::string_view text) {
  std::optional<bool> value = parse_bool(text);
  if (!value) invalid("analytics must be true or false");
  return *value;
}

}  // namespace

ClickEvent parse_click_body(std::string_view body) {
  if (body.size() > kMaxClickBodyBytes) {
    invalid("request body must be at most " + std::to_string(kMaxClickBodyBytes) + " bytes");
  }
  if (!json_depth_within(body, kDefaultMaxJsonDepth)) {
    invalid("request body: " + json_depth_reason(kDefaultMaxJsonDepth));
  }
  nlohmann::json doc = nlohmann::json::parse(body, nullptr, false);
  if (doc.is_discarded()) invalid("request body is not valid JSON");
  if (!doc.is_object()) invalid("request body must be a JSON object");
  ClickEvent click;
  auto search_id = doc.find("search_id");
  if (search_id == doc.end() || !search_id->is_string() ||
      !is_search_id(search_id->get_ref<const std::string&>())) {
    invalid("search_id must be the search_id of a search response");
  }
  click.search_id = search_id->get<std::string>();
  auto id = doc.find("id");
  if (id == doc.end() || !id->is_string() || id->get_ref<const std::string&>().empty() ||
      id->get_ref<const std::string&>().size() > kMaxArticleIdBytes) {
    invalid("id must be the article's id (1.." + std::to_string(kMaxArticleIdBytes) + " bytes)");
  }
  click.id = id->get<std::string>();
  auto position = doc.find("position");
  if (position == doc.end() || !position->is_number_integer() ||
      position->get<std::int64_t>() < 1 || position->get<std::int64_t>() > kMaxPosition) {
    invalid("position must be an integer 1.." + std::to_string(kMaxPosition));
  }
  click.position = position->get<int>();
  return click;
}

AnalyticsRange parse_analytics_range(const Target& target, std::int64_t now) {
  for (const auto& [key, value] : target.params) {
    if (key != "from" && key != "to" && key != "limit" && (key.empty() || key[0] != '_')) {
      invalid("unknown parameter '" + key + "'");
    }
  }
  AnalyticsRange range;
  range.to = day_param(target, "to", analytics_day(now));
  std::int64_t to_start = *parse_analytics_day(range.to);
  range.from = day_param(target, "from", analytics_day(to_start - (kDefaultDays - 1) * 86400));
  std::int64_t from_start = *parse_analytics_day(range.from);
  if (from_start > to_start) invalid("from must not be after to");
  if ((to_start - from_start) / 86400 + 1 > kMaxDays) {
    invalid("from..to must span at most " + std::to_string(kMaxDays) + " days");
  }
  if (const std::string* limit = target.get("limit")) {
    std::optional<int> n = parse_integer<int>(*limit);
    if (!n || *n < 1 || *n > kMaxLimit) {
      invalid("limit must be an integer 1.." + std::to_string(kMaxLimit));
    }
    range.limit = *n;
  }
  return range;
}

ojson analytics_json(const AnalyticsRange& range, const AnalyticsReport& report,
                     const AnalyticsCounters& counters) {
  return {{"from", range.from},
          {"to", range.to},
          {"limit", range.limit},
          {"totals", counts_json(report.totals)},
          {"days", rows_json(report.days, "day")},
          {"top_queries", rows_json(report.top_queries, "query")},
          {"zero_result_queries", rows_json(report.zero_result_queries, "query")},
          {"no_click_queries", rows_json(report.no_click_queries, "query")},
          {"recorder",
           {{"queued", counters.queued},
            {"dropped", counters.dropped},
            {"written", counters.written}}}};
}

bool take_analytics_flag(Target& target) {
  bool counted = true;
  auto& params = target.params;
  for (auto it = params.begin(); it != params.end();) {
    if (it->first != "analytics") {
      ++it;
      continue;
    }
    counted = flag_value(it->second);
    it = params.erase(it);
  }
  return counted;
}

bool take_analytics_flag(nlohmann::json& body) {
  if (!body.is_object()) return true;
  auto it = body.find("analytics");
  if (it == body.end()) return true;
  if (!it->is_boolean()) invalid("analytics must be true or false");
  bool counted = it->get<bool>();
  body.erase(it);
  return counted;
}

}  // namespace dateline
