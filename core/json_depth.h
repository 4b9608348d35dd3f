// A guard for JSON read from untrusted input: nlohmann's parser, copies and destructor recurse
// once per nesting level, so a line of 300,000 '[' overflows the stack. Text is measured with
// this cheap scan before it is parsed.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace dateline {

// The default bound on nesting (ReaderOptions::max_json_depth). An article nests three levels
// (the object, a list, a JSON-LD author object); 64 leaves room for any real JSON-LD graph.
inline constexpr std::size_t kDefaultMaxJsonDepth = 64;

// Follows the nesting of JSON text one character at a time: arrays and objects opened and not
// yet closed, with brackets inside strings (escapes honoured) not counted. A closing bracket at
// depth 0 is ignored. Validates nothing.
class JsonNesting {
 public:
  void feed(char c) {
    if (in_string_) {
      if (escaped_) {
        escaped_ = false;
      } else if (c == '\\') {
        escaped_ = true;
      } else if (c == '"') {
        in_string_ = false;
      }
    } else if (c == '"') {
      in_string_ = true;
    } else if (c == '[' || c == '{') {
      ++depth_;
    } else if ((c == ']' || c == '}') && depth_ > 0) {
      --depth_;
    }
  }
  std::size_t depth() const { return depth_; }
  bool in_string() const { return in_string_; }

 private:
  std::size_t depth_ = 0;
  bool in_string_ = false;
  bool escaped_ = false;
};

// True when no point of `text` is inside more than `max_depth` arrays and objects together.
// Brackets inside strings (escapes honoured) are not counted. Linear, allocates nothing, and
// does not validate: malformed text within the bound is for the parser to reject.
bool json_depth_within(std::string_view text, std::size_t max_depth);

// The rejection reason for text past the bound: "JSON nested deeper than 64 levels".
std::string json_depth_reason(std::size_t max_depth);

}  // namespace dateline
