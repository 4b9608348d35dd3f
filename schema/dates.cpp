#include "schema/dates.h"

#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>

namespace dateline {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month_day;

// A tiny cursor over the input; every reader returns false and leaves the position unchanged
// when the expected token is not there.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : text_(text) {}

  bool done() const { return pos_ == text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }

  bool digits(std::size_t min_count, std::size_t max_count, int* out) {
    std::size_t start = pos_;
    int value = 0;
    while (pos_ < text_.size() && pos_ - start < max_count &&
           std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      value = value * 10 + (text_[pos_] - '0');
      ++pos_;
    }
    if (pos_ - start < min_count) {
      pos_ = start;
      return false;
    }
    *out = value;
    return true;
  }

  bool literal(char c) {
    if (peek() != c) return false;
    ++pos_;
    return true;
  }

  void skip_spaces() {
    while (peek() == ' ' || peek() == '\t') ++pos_;
  }

  std::string_view word() {
    std::size_t start = pos_;
    while (std::isalpha(static_cast<unsigned char>(peek()))) ++pos_;
    return text_.substr(start, pos_ - start);
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

std::optional<std::int64_t> to_unix(int y, int mo, int d, int h, int mi, int s, int offset_min) {
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 60) return std::nullopt;
  year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  if (s == 60) s = 59;  // a leap second is kept within its minute
  std::int64_t days = sys_days{ymd}.time_since_epoch().count();
  return days * 86400 + h * 3600 + mi * 60 + s - offset_min * 60;
}

// Reads "Z", "+HH:MM", "+HHMM" or "+HH" (or the same with '-'); true with 0 at end of input.
bool read_numeric_zone(Cursor& c, int* offset_min) {
  if (c.done()) {
    *offset_min = 0;
    return true;
  }
  if (c.literal('Z') || c.literal('z')) {
    *offset_min = 0;
    return c.done();
  }
  int sign = 0;
  if (c.literal('+')) {
    sign = 1;
  } else if (c.literal('-')) {
    sign = -1;
  } else {
    return false;
  }
  int hh = 0, mm = 0;
  if (!c.digits(2, 2, &hh)) return false;
  c.literal(':');
  if (!c.done() && !c.digits(2, 2, &mm)) return false;
  if (hh > 23 || mm > 59) return false;
  *offset_min = sign * (hh * 60 + mm);
  return c.done();
}

std::optional<std::int64_t> parse_iso(std::string_view text) {
  Cursor c(text);
  int y, mo, d, h = 0, mi = 0, s = 0, offset = 0;
  if (!c.digits(4, 4, &y) || !c.literal('-') || !c.digits(2, 2, &mo) || !c.literal('-') ||
      !c.digits(2, 2, &d)) {
    return std::nullopt;
  }
  if (!c.done()) {
    if (!c.literal('T') && !c.literal('t') && !c.literal(' ')) return std::nullopt;
    if (!c.digits(2, 2, &h) || !c.literal(':') || !c.digits(2, 2, &mi)) return std::nullopt;
    if (c.literal(':')) {
      if (!c.digits(2, 2, &s)) return std::nullopt;
      if (c.literal('.') || c.literal(',')) {
        int ignored;
        if (!c.digits(1, 9, &ignored)) return std::nullopt;
      }
    }
    c.skip_spaces();
    if (!read_numeric_zone(c, &offset)) return std::nullopt;
  }
  return to_unix(y, mo, d, h, mi, s, offset);
}

int month_from_name(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kNames = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  if (name.size() < 3) return 0;
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (iequals(name.substr(0, 3), kNames[i])) return static_cast<int>(i) + 1;
  }
  return 0;
}

bool named_zone_offset(std::string_view zone, int* offset_min) {
  struct Zone {
    std::string_view name;
    int hours;
  };
  static constexpr std::array<Zone, 12> kZones = {{{"UT", 0},
                                                   {"UTC", 0},
                                                   {"GMT", 0},
                                                   {"Z", 0},
                                                   {"EST", -5},
                                                   {"EDT", -4},
                                                   {"CST", -6},
                                                   {"CDT", -5},
                                                   {"MST", -7},
                                                   {"MDT", -6},
                                                   {"PST", -8},
                                                   {"PDT", -7}}};
  for (const Zone& z : kZones) {
    if (iequals(zone, z.name)) {
      *offset_min = z.hours * 60;
      return true;
    }
  }
  return false;
}

std::optional<std::int64_t> parse_rfc2822(std::string_view text) {
  Cursor c(text);
  c.skip_spaces();
  std::string_view first = c.word();
  if (!first.empty()) {  // optional day name
    if (!c.literal(',')) return std::nullopt;
    c.skip_spaces();
  }
  int d, y, h = 0, mi = 0, s = 0, offset = 0;
  if (!c.digits(1, 2, &d)) return std::nullopt;
  c.skip_spaces();
  int mo = month_from_name(c.word());
  if (mo == 0) return std::nullopt;
  c.skip_spaces();
  if (!c.digits(2, 4, &y)) return std::nullopt;
  if (y < 100) y += y < 50 ? 2000 : 1900;  // RFC 2822's rule for obsolete two-digit years
  c.skip_spaces();
  if (!c.done()) {
    if (!c.digits(1, 2, &h) || !c.literal(':') || !c.digits(2, 2, &mi)) return std::nullopt;
    if (c.literal(':') && !c.digits(2, 2, &s)) return std::nullopt;
    c.skip_spaces();
    if (c.peek() == '+' || c.peek() == '-') {
      if (!read_numeric_zone(c, &offset)) return std::nullopt;
    } else if (!c.done()) {
      std::string_view zone = c.word();
      if (!named_zone_offset(zone, &offset)) return std::nullopt;
      c.skip_spaces();
      if (!c.done()) return std::nullopt;
    }
  }
  return to_unix(y, mo, d, h, mi, s, offset);
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

std::optional<std::int64_t> parse_timestamp(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  bool all_digits = text.size() <= 12;
  for (char ch : text) all_digits = all_digits && std::isdigit(static_cast<unsigned char>(ch));
  if (all_digits) return std::stoll(std::string(text));
  if (auto t = parse_iso(text)) return t;
  return parse_rfc2822(text);
}

std::string format_rfc3339(std::int64_t unix_seconds) {
  auto days = std::chrono::floor<std::chrono::days>(
      std::chrono::sys_seconds{std::chrono::seconds{unix_seconds}});
  year_month_day ymd{days};
  std::int64_t rest = unix_seconds - days.time_since_epoch().count() * 86400;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(rest / 3600), static_cast<int>(rest / 60 % 60),
                static_cast<int>(rest % 60));
  return buf;
}

std::string format_yyyymmdd(std::int64_t unix_seconds) {
  std::string s = format_rfc3339(unix_seconds);
  return s.substr(0, 4) + s.substr(5, 2) + s.substr(8, 2);
}

}  // namespace dateline
