// Reading untrusted input in bounded pieces: a record past its limit is measured and skipped,
// never held in memory whole.
#pragma once

#include <cstddef>
#include <istream>
#include <optional>
#include <string>

namespace dateline {

// Reads one line of `in` (up to and including '\n', or to the end) into `line`, without the
// '\n', storing at most `keep` bytes of it. Returns the line's full length, which is more than
// line.size() when the rest was skipped, or nullopt at the end of input.
std::optional<std::size_t> read_line_bounded(std::istream& in, std::string& line, std::size_t keep);

// Reads `in` to the end or to `max_bytes`, whichever comes first. A caller that wants to know
// whether the input was longer passes its limit + 1 and compares.
std::string read_at_most(std::istream& in, std::size_t max_bytes);

}  // namespace dateline
