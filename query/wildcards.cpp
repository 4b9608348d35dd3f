#include "query/wildcards.h"

#include <cctype>
#include <set>
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

}  // namespace dateline
