#include "core/json_depth.h"

namespace dateline {

bool json_depth_within(std::string_view text, std::size_t max_depth) {
  JsonNesting nesting;
  for (char c : text) {
    nesting.feed(c);
    if (nesting.depth() > max_depth) return false;
  }
  return true;
}

std::string json_depth_reason(std::size_t max_depth) {
  return "JSON nested deeper than " + std::to_string(max_depth) + " levels";
}

}  // namespace dateline
