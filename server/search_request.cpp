#include "server/search_request.h"

#include <charconv>

#include "core/error.h"

namespace dateline {
namespace {

int parse_int_param(const std::string& name, const std::string& value, int lo, int hi) {
  int out = 0;
  auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), out);
  if (ec != std::errc() || end != value.data() + value.size() || value.empty()) {
    throw Error(ErrorKind::kInvalidArgument, name + " must be an integer");
  }
  if (out < lo || out > hi) {
    throw Error(ErrorKind::kInvalidArgument,
                name + " must be " + std::to_string(lo) + ".." + std::to_string(hi));
  }
  return out;
}

}  // namespace

SearchRequest parse_search_request(const Target& target, const SearchLimits& limits) {
  SearchRequest r;
  for (const auto& [key, value] : target.params) {
    if (key == "q") {
      if (value.size() > limits.max_query_bytes) {
        throw Error(ErrorKind::kInvalidArgument,
                    "q must be at most " + std::to_string(limits.max_query_bytes) + " bytes");
      }
      r.q = value;
    } else if (key == "page") {
      r.page = parse_int_param("page", value, 1, 1'000'000);
    } else if (key == "per_page") {
      r.per_page = parse_int_param("per_page", value, 1, limits.max_per_page);
    } else if (key.empty() || key[0] != '_') {
      throw Error(ErrorKind::kInvalidArgument, "unknown parameter '" + key + "'");
    }
  }
  std::size_t depth = static_cast<std::size_t>(r.page) * static_cast<std::size_t>(r.per_page);
  if (depth > limits.max_result_depth) {
    throw Error(ErrorKind::kInvalidArgument,
                "page * per_page must be at most " + std::to_string(limits.max_result_depth) +
                    " (results past that depth are not served; refine the query)");
  }
  return r;
}

}  // namespace dateline
