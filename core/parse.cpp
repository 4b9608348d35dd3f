#include "core/parse.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace dateline {

std::optional<bool> parse_bool(std::string_view text) {
  if (text == "true" || text == "1" || text == "yes" || text == "on") return true;
  if (text == "false" || text == "0" || text == "no" || text == "off") return false;
  return std::nullopt;
}

std::vector<std::string> split_list(std::string_view text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = std::min(text.find(',', start), text.size());
    std::string_view item = text.substr(start, comma - start);
    std::size_t first = item.find_first_not_of(" \t");
    if (first != std::string_view::npos) {
      std::size_t last = item.find_last_not_of(" \t");
      out.emplace_back(item.substr(first, last - first + 1));
    }
    start = comma + 1;
  }
  return out;
}

std::optional<Duration> parse_duration(std::string_view text,
                                       std::initializer_list<std::string_view> units,
                                       bool fractions) {
  std::size_t digits = 0;
  while (digits < text.size() && (std::isdigit(static_cast<unsigned char>(text[digits])) ||
                                  (fractions && text[digits] == '.'))) {
    ++digits;
  }
  std::string number(text.substr(0, digits));
  std::string_view unit = text.substr(digits);
  if (number.empty() || std::find(units.begin(), units.end(), unit) == units.end()) {
    return std::nullopt;
  }
  char* end = nullptr;
  Duration out;
  out.amount = std::strtod(number.c_str(), &end);
  if (end != number.c_str() + number.size()) return std::nullopt;
  if (unit == "ms") {
    out.unit_seconds = 0.001;
  } else if (unit == "m") {
    out.unit_seconds = 60;
  } else if (unit == "h") {
    out.unit_seconds = 3600;
  } else if (unit == "d") {
    out.unit_seconds = 86400;
  } else if (unit == "w") {
    out.unit_seconds = 7 * 86400;
  } else if (unit == "y") {
    out.unit_seconds = 365 * 86400;
  }
  return out;
}

}  // namespace dateline
