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

// True when no point of `text` is inside more than `max_depth` arrays and objects together.
// Brackets inside strings (escapes honoured) are not counted. Linear, allocates nothing, and
// does not validate: malformed text within the bound is for the parser to reject.
bool json_depth_within(std::string_view text, std::size_t max_depth);

// The rejection reason for text past the bound: "JSON nested deeper than 64 levels".
std::string json_depth_reason(std::size_t max_depth);

}  // namespace dateline
