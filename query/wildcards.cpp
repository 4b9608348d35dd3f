#include "query/wildcards.h"

#include <algorithm>
#include <cctype>
#include <optional>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

namespace dateline {
namespace {

constexpr int kMaxWildcards = 8;
constexpr std::size_t kMaxAddedStems = 12;
constexpr int kMaxSpellingWords = 200;  // spelling-table words read per wildcard
constexpr std::size_t kMinStemBytes = 3;

bool word_byte(char c) {
  auto u = static_cast<unsigned char>(c);
  return std::isalnum(u) || u >= 0x80;
}

bool space_byte(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

bool starts_with(const std::string& s, const std::string& prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// Words (one per stem) that reach stems of words starting with `prefix` that Xapian's own
// expansion of `prefix*` over `term_prefix` cannot reach.
std::vector<std::string> missing_forms(const std::string& prefix, const std::string& term_prefix,
                                       const Xapian::Database& db, const Xapian::Stem& stem) {
  std::vector<std::string> words;
  std::set<std::string> tried;
  auto consider = [&](const std::string& word) {
    if (words.size() >= kMaxAddedStems) return;
    std::string s = stem(word);
    if (s.size() < kMinStemBytes || starts_with(s, prefix) || !tried.insert(s).second) return;
    if (db.term_exists(term_prefix + s)) words.push_back(word);
  };
  // Words seen in titles and summaries: exact, and they reach any length of ending.
  Xapian::TermIterator it = db.spellings_begin();
  it.skip_to(prefix);
  for (int n = 0; it != db.spellings_end() && n < kMaxSpellingWords; ++it, ++n) {
    std::string word = *it;
    if (!starts_with(word, prefix)) break;
    consider(word);
  }
  // The prefix completed by up to two letters: body words too, when the user stopped a letter
  // or two into the ending the stemmer removes ("presiden" + "t" -> "presid").
  consider(prefix);
  for (char a = 'a'; a <= 'z'; ++a) consider(prefix + a);
  for (char a = 'a'; a <= 'z'; ++a) {
    for (char b = 'a'; b <= 'z'; ++b) consider(prefix + a + b);
  }
  return words;
}

}  // namespace

std::string widen_wildcards(const std::string& query, const Xapian::Database& db,
                            const Xapian::Stem& stem,
                            const std::map<std::string, std::string>& prefixes) {
  if (query.find('*') == std::string::npos || stem.is_none()) return query;
  std::string out;
  bool in_quotes = false;
  bool changed = false;
  int widened = 0;
  std::size_t i = 0;
  while (i < query.size()) {
    char c = query[i];
    bool token_start = !in_quotes && (i == 0 || space_byte(query[i - 1]) || query[i - 1] == '(');
    if (c == '"') in_quotes = !in_quotes;
    if (!token_start || widened >= kMaxWildcards) {
      out += c;
      ++i;
      continue;
    }
    // [+|-][field:]word* followed by the end, a space or ')'.
    std::size_t p = i;
    if (query[p] == '+' || query[p] == '-') ++p;
    std::size_t field_start = p;
    std::string term_prefix;
    std::size_t colon = p;
    while (colon < query.size() && std::isalnum(static_cast<unsigned char>(query[colon]))) ++colon;
    std::size_t word_start = p;
    if (colon < query.size() && query[colon] == ':' && colon > p) {
      auto field = prefixes.find(query.substr(p, colon - p));
      if (field == prefixes.end()) {  // not a text field: leave the token alone
        out += c;
        ++i;
        continue;
      }
      term_prefix = field->second;
      word_start = colon + 1;
    }
    std::size_t word_end = word_start;
    while (word_end < query.size() && word_byte(query[word_end])) ++word_end;
    std::size_t after = word_end + 1;
    bool wildcard = word_end > word_start && word_end < query.size() && query[word_end] == '*' &&
                    (after == query.size() || space_byte(query[after]) || query[after] == ')');
    if (!wildcard) {
      out += c;
      ++i;
      continue;
    }
    ++widened;
    std::string field = query.substr(field_start, word_start - field_start);  // "title:" or ""
    std::string prefix = Xapian::Unicode::tolower(query.substr(word_start, word_end - word_start));
    std::vector<std::string> forms = missing_forms(prefix, term_prefix, db, stem);
    out.append(query, i, field_start - i);  // the + or -
    if (forms.empty()) {
      out.append(query, field_start, after - field_start);
    } else {
      changed = true;
      out += '(';
      out.append(query, field_start, after - field_start);
      for (const std::string& form : forms) {
        out += " OR ";
        out += field;
        out += form;
      }
      out += ')';
    }
    i = after;
  }
  return changed ? out : query;
}

namespace {

// What a query node's description says inside "Query(...)".
std::string inner_description(const Xapian::Query& q) {
  std::string d = q.get_description();
  constexpr std::string_view kOpen = "Query(";
  if (d.compare(0, kOpen.size(), kOpen) == 0 && !d.empty() && d.back() == ')') {
    d = d.substr(kOpen.size(), d.size() - kOpen.size() - 1);
  }
  return d;
}

// Undoes Xapian's description escaping: "\xNN" is the byte NN (a backslash is always escaped).
std::string unescape_description(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\\' && i + 3 < text.size() && text[i + 1] == 'x') {
      auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        return -1;
      };
      int hi = hex(text[i + 2]);
      int lo = hex(text[i + 3]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 3;
        continue;
      }
    }
    out += text[i];
  }
  return out;
}

struct Wildcard {
  Xapian::Query::op combiner = Xapian::Query::OP_SYNONYM;
  std::string pattern;
};

// "WILDCARD SYNONYM Sharb" -> {OP_SYNONYM, "Sharb"}.
std::optional<Wildcard> read_wildcard(const Xapian::Query& q) {
  std::string d = inner_description(q);
  static const std::pair<std::string_view, Xapian::Query::op> kForms[] = {
      {"WILDCARD SYNONYM ", Xapian::Query::OP_SYNONYM},
      {"WILDCARD MAX ", Xapian::Query::OP_MAX},
      {"WILDCARD OR ", Xapian::Query::OP_OR}};
  for (const auto& [head, op] : kForms) {
    if (d.compare(0, head.size(), head) == 0) {
      return Wildcard{op, unescape_description(std::string_view(d).substr(head.size()))};
    }
  }
  return std::nullopt;
}

// The window of a phrase or near node ("(a PHRASE 3 b)"); 0 when not shown (the default).
std::optional<Xapian::termcount> read_window(const Xapian::Query& q, std::string_view op_name) {
  std::string d = inner_description(q);
  std::string marker = " " + std::string(op_name) + " ";
  std::size_t at = d.find(marker);
  if (at == std::string::npos) return std::nullopt;
  std::size_t start = at + marker.size();
  std::size_t end = start;
  while (end < d.size() && std::isdigit(static_cast<unsigned char>(d[end]))) ++end;
  if (end == start) return Xapian::termcount{0};
  return std::stoul(d.substr(start, end - start));
}

Xapian::Query expand_one(const Wildcard& w, const Xapian::Database& db, unsigned max_expansion) {
  std::vector<std::pair<Xapian::doccount, std::string>> found;  // in term order
  for (auto it = db.allterms_begin(w.pattern); it != db.allterms_end(w.pattern); ++it) {
    found.emplace_back(it.get_termfreq(), *it);
  }
  if (found.size() > max_expansion) {
    // The selection Xapian makes on one index (OrContext::select_most_frequent): the same
    // partial ordering over the same sequence, so terms of equal frequency at the cut are the
    // same ones too.
    std::nth_element(found.begin(), found.begin() + max_expansion - 1, found.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    found.resize(max_expansion);
  }
  if (found.empty()) return Xapian::Query::MatchNothing;
  std::vector<Xapian::Query> terms;
  for (auto& [freq, term] : found) terms.emplace_back(term);
  return Xapian::Query(w.combiner, terms.begin(), terms.end());
}

Xapian::Query expand_node(const Xapian::Query& q, const Xapian::Database& db,
                          unsigned max_expansion) {
  using Q = Xapian::Query;
  Q::op type = q.get_type();
  if (type == Q::OP_WILDCARD) {
    std::optional<Wildcard> w = read_wildcard(q);
    return w ? expand_one(*w, db, max_expansion) : q;
  }
  std::size_t n = q.get_num_subqueries();
  if (n == 0 || inner_description(q).find("WILDCARD ") == std::string::npos) return q;
  std::vector<Q> subs;
  for (std::size_t i = 0; i < n; ++i)
    subs.push_back(expand_node(q.get_subquery(i), db, max_expansion));
  switch (type) {
    case Q::OP_AND:
    case Q::OP_OR:
    case Q::OP_AND_NOT:
    case Q::OP_XOR:
    case Q::OP_AND_MAYBE:
    case Q::OP_FILTER:
    case Q::OP_SYNONYM:
    case Q::OP_MAX:
      return Q(type, subs.begin(), subs.end());
    case Q::OP_NEAR:
    case Q::OP_PHRASE: {
      auto window = read_window(q, type == Q::OP_NEAR ? "NEAR" : "PHRASE");
      if (!window) return q;
      return Q(type, subs.begin(), subs.end(), *window);
    }
    case Q::OP_SCALE_WEIGHT: {
      // "Query(0.5 * ...)": Xapian writes the factor with all its digits.
      std::string d = inner_description(q);
      std::size_t star = d.find(" * ");
      if (star == std::string::npos || subs.size() != 1) return q;
      try {
        return Q(Q::OP_SCALE_WEIGHT, subs[0], std::stod(d.substr(0, star)));
      } catch (const std::exception&) {
        return q;
      }
    }
    default:
      return q;  // an elite set: its size is not readable; Xapian expands it
  }
}

}  // namespace

Xapian::Query expand_wildcards(const Xapian::Query& query, const Xapian::Database& db,
                               unsigned max_expansion) {
  if (max_expansion == 0) max_expansion = 1;
  return expand_node(query, db, max_expansion);
}

}  // namespace dateline
