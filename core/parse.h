// Parsers for the small values that parameters, settings and flags carry: integers, booleans,
// comma-separated lists and durations. They report failure by nullopt; each caller words its
// own error, naming its parameter.
#pragma once

#include <charconv>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dateline {

// The whole of `text` as a decimal integer of type T, or nullopt (empty, a sign T cannot hold,
// other characters, out of T's range).
template <class T>
std::optional<T> parse_integer(std::string_view text) {
  T out{};
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return out;
}

// "true", "1", "yes", "on" -> true; "false", "0", "no", "off" -> false; anything else nullopt.
std::optional<bool> parse_bool(std::string_view text);

// The items of a comma-separated list, each trimmed of spaces and tabs; empty items are left out.
std::vector<std::string> split_list(std::string_view text);

// A duration: an amount, then a unit that is one of `units` ("" allows a bare number, read as
// seconds). Units: ms, s, m (minutes), h, d, w, y (365 days).
struct Duration {
  double amount = 0;
  double unit_seconds = 1;  // seconds per unit
  double seconds() const { return amount * unit_seconds; }
};

// Reads "250ms", "7d", "2w": digits (with `fractions`, a decimal number) followed by one of
// `units`. Returns nullopt for anything else.
std::optional<Duration> parse_duration(std::string_view text,
                                       std::initializer_list<std::string_view> units,
                                       bool fractions = false);

}  // namespace dateline
