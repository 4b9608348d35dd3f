#include "query/query_case.h"

#include <algorithm>
#include <cctype>
#include <string_view>

#include <xapian.h>

namespace dateline {
namespace {

constexpr std::size_t kMinShoutedWords = 3;

bool is_space(unsigned ch) { return Xapian::Unicode::is_whitespace(ch); }

std::string lower(std::string_view word) {
  std::string out;
  for (Xapian::Utf8Iterator it(word.data(), word.size()); it != Xapian::Utf8Iterator(); ++it) {
    Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(*it));
  }
  return out;
}

}  // namespace

std::string unshout_query(const std::string& query) {
  std::size_t words = 0;
  bool upper = false;
  bool in_word = false;
  for (Xapian::Utf8Iterator it(query); it != Xapian::Utf8Iterator(); ++it) {
    unsigned ch = *it;
    if (is_space(ch)) {
      in_word = false;
      continue;
    }
    if (!in_word) ++words;
    in_word = true;
    switch (Xapian::Unicode::get_category(ch)) {
      case Xapian::Unicode::LOWERCASE_LETTER:
        return query;
      case Xapian::Unicode::UPPERCASE_LETTER:
      case Xapian::Unicode::TITLECASE_LETTER:
        upper = true;
        break;
      default:
        break;
    }
  }
  if (!upper || words < kMinShoutedWords) return query;
  return lower(query);
}

std::string read_initialisms(const std::string& query) {
  std::string out;
  const std::size_t n = query.size();
  auto letter = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); };
  auto word_char = [&](std::size_t i) {
    auto c = static_cast<unsigned char>(query[i]);
    return letter(query[i]) || (c >= '0' && c <= '9') || c >= 0x80;
  };
  auto space = [&](std::size_t i) {
    return i >= n || is_space(static_cast<unsigned char>(query[i]));
  };
  bool in_quotes = false;
  std::size_t copied = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (query[i] == '"') in_quotes = !in_quotes;
    if (!letter(query[i]) || (i > 0 && word_char(i - 1))) continue;
    // A run of single letters, each followed by a dot (the last maybe not): [i, j).
    std::size_t j = i;
    std::size_t letters = 0;
    bool lower = false;
    while (j < n && letter(query[j]) && !(j + 1 < n && word_char(j + 1))) {
      ++letters;
      lower = lower || (query[j] >= 'a' && query[j] <= 'z');
      ++j;
      if (j < n && query[j] == '.') {
        ++j;
      } else {
        break;
      }
    }
    if (letters >= 2 && lower && (j == n || !word_char(j))) {
      std::string typed = query.substr(i, j - i);
      std::string capitals = typed;
      for (char& c : capitals) {
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
      }
      bool whole = (i == 0 || space(i - 1)) &&
                   (space(j) || std::string(",;!?").find(query[j]) != std::string::npos);
      out.append(query, copied, i - copied);
      out += whole && !in_quotes ? "(" + capitals + " OR " + typed + ")" : capitals;
      copied = j;
    }
    i = std::max(i, j == i ? i : j - 1);
  }
  if (copied == 0) return query;
  out.append(query, copied, std::string::npos);
  return out;
}

std::string lower_query_words(const std::string& query) {
  // Lower-case word by word, keeping the separators and the operators as they are.
  std::string out;
  std::string word;
  auto flush = [&] {
    out += is_query_operator(word) ? word : lower(word);
    word.clear();
  };
  for (Xapian::Utf8Iterator it(query); it != Xapian::Utf8Iterator();) {
    const char* at = it.raw();
    unsigned ch = *it;
    ++it;
    std::string_view bytes(at, static_cast<std::size_t>(it.raw() - at));
    if (is_space(ch)) {
      if (!word.empty()) flush();
      out += bytes;
    } else {
      word += bytes;
    }
  }
  if (!word.empty()) flush();
  return out;
}

std::string strip_field_names(const std::string& query, const std::set<std::string>& names) {
  std::string out;
  bool in_quotes = false;
  for (std::size_t i = 0; i < query.size();) {
    char c = query[i];
    bool token_start =
        !in_quotes && (i == 0 || std::isspace(static_cast<unsigned char>(query[i - 1])) != 0 ||
                       query[i - 1] == '(');
    if (token_start) {
      std::size_t p = i;
      if (query[p] == '+' || query[p] == '-') ++p;
      std::size_t colon = p;
      while (colon < query.size() &&
             (std::isalnum(static_cast<unsigned char>(query[colon])) || query[colon] == '_'))
        ++colon;
      if (colon > p && colon + 1 < query.size() && query[colon] == ':' &&
          !std::isspace(static_cast<unsigned char>(query[colon + 1])) &&
          names.count(query.substr(p, colon - p))) {
        out.append(query, i, p - i);  // the + or -
        i = colon + 1;
        continue;
      }
    }
    if (c == '"') in_quotes = !in_quotes;
    out += c;
    ++i;
  }
  return out;
}

bool is_query_operator(std::string_view word) {
  for (std::string_view op : {"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"}) {
    if (word == op) return true;
    // NEAR/3, ADJ/2
    if (word.size() > op.size() + 1 && word.substr(0, op.size()) == op && word[op.size()] == '/' &&
        (op == "NEAR" || op == "ADJ")) {
      return true;
    }
  }
  return false;
}

int count_query_words(const std::string& query) {
  int words = 0;
  std::size_t i = 0;
  while (i < query.size()) {
    while (i < query.size() && std::isspace(static_cast<unsigned char>(query[i]))) ++i;
    std::size_t start = i;
    while (i < query.size() && !std::isspace(static_cast<unsigned char>(query[i]))) ++i;
    std::string_view token(query.data() + start, i - start);
    if (token.empty() || is_query_operator(token)) continue;
    bool has_word_char = false;
    for (unsigned char c : token) has_word_char = has_word_char || std::isalnum(c) || c >= 0x80;
    if (has_word_char) ++words;
  }
  return words;
}

int count_wildcards(const std::string& query) {
  int wildcards = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < query.size(); ++i) {
    char c = query[i];
    if (c == '"') quoted = !quoted;
    if (c != '*' || quoted || i == 0) continue;
    unsigned char before = static_cast<unsigned char>(query[i - 1]);
    bool ends_token = i + 1 == query.size() ||
                      std::isspace(static_cast<unsigned char>(query[i + 1])) || query[i + 1] == ')';
    if (ends_token && (std::isalnum(before) || before >= 0x80)) ++wildcards;
  }
  return wildcards;
}

}  // namespace dateline
