// Splitting an HTTP request target into a path and decoded query parameters.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dateline {

struct Target {
  std::string path;  // still percent-encoded, so "/v1/articles/a%2Fb" keeps its one segment
  std::vector<std::pair<std::string, std::string>> params;  // decoded, in order

  // The value of the last parameter called `name`, or nullptr.
  const std::string* get(std::string_view name) const;
};

// Decodes %XX escapes (and '+' as space when `plus_is_space`). Throws Error(kInvalidArgument)
// for a malformed escape or a result that is not valid UTF-8.
std::string percent_decode(std::string_view text, bool plus_is_space);

// Splits "path?a=1&b=two" into path and decoded parameters; a parameter without '=' has an empty
// value. Throws Error(kInvalidArgument) as percent_decode does.
Target parse_target(std::string_view target);

}  // namespace dateline
