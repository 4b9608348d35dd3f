// Search request parsing: the input as a request target ("/v1/search?q=…&facets=…") and as a
// POST body; a bad request must be an Error (a 400), nothing else.
#include <string>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/json_depth.h"
#include "server/query_string.h"
#include "server/search_request.h"
#include "tests/fuzz/fuzz_target.h"

DATELINE_FUZZ_TARGET(search_request) {
  using namespace dateline;
  constexpr std::int64_t kNow = 1'750'000'000;
  SearchLimits limits;
  try {
    parse_search_request(parse_target(data), limits, kNow);
  } catch (const Error&) {
  }
  // As the router does: nesting is bounded before nlohmann sees the body.
  if (!json_depth_within(data, kDefaultMaxJsonDepth)) return;
  nlohmann::json body = nlohmann::json::parse(data, nullptr, false);
  if (body.is_discarded()) return;
  try {
    parse_search_request(body, limits, kNow);
  } catch (const Error&) {
  }
}
