#include "core/text.h"

#include <xapian.h>

namespace dateline {

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

bool is_valid_utf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const auto* end = p + text.size();
  while (p < end) {
    unsigned char c = *p;
    if (c < 0x80) {
      ++p;
      continue;
    }
    int extra;
    unsigned long cp;
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1;
      cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
      extra = 2;
      cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3;
      cp = c & 0x07u;
    } else {
      return false;
    }
    if (end - p <= extra) return false;
    for (int i = 1; i <= extra; ++i) {
      if ((p[i] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (p[i] & 0x3Fu);
    }
    // Reject overlong forms, UTF-16 surrogates and code points past U+10FFFF.
    if ((extra == 2 && cp < 0x800) || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    p += extra + 1;
  }
  return true;
}

std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::size_t cut = max_bytes;
  // Step back over continuation bytes so the cut lands on the start of a character.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return text.substr(0, cut);
}

std::string fold_whitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
      pending_space = !out.empty();
    } else {
      if (pending_space) out += ' ';
      pending_space = false;
      out += c;
    }
  }
  return out;
}

std::string make_lead(std::string_view text, std::size_t max_bytes) {
  std::string folded = fold_whitespace(text);
  if (folded.size() <= max_bytes) return folded;
  std::string_view head = utf8_prefix(folded, max_bytes);
  // Prefer ending on a sentence when one ends in the last third of the allowance.
  for (std::size_t i = head.size(); i > head.size() * 2 / 3; --i) {
    char c = head[i - 1];
    if ((c == '.' || c == '!' || c == '?') && i < folded.size() && folded[i] == ' ') {
      return std::string(head.substr(0, i));
    }
  }
  std::size_t space = head.rfind(' ');
  if (space != std::string_view::npos && space > 0) head = head.substr(0, space);
  while (!head.empty() && (head.back() == ',' || head.back() == ';' || head.back() == ':')) {
    head.remove_suffix(1);
  }
  return std::string(head) + "\u2026";
}

std::string to_lower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (Xapian::Utf8Iterator it(text.data(), text.size()); it != Xapian::Utf8Iterator(); ++it) {
    Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(*it));
  }
  return out;
}

std::string slugify(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool pending_dash = false;
  for (Xapian::Utf8Iterator it(value.data(), value.size()); it != Xapian::Utf8Iterator(); ++it) {
    unsigned ch = *it;
    if (Xapian::Unicode::is_wordchar(ch) && ch != '_') {
      if (pending_dash) out += '-';
      pending_dash = false;
      Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(ch));
    } else {
      pending_dash = !out.empty();
    }
  }
  return out;
}

std::uint64_t fnv1a64(std::string_view text, std::uint64_t state) {
  std::uint64_t h = state;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace dateline
