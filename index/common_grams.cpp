#include "index/common_grams.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <utility>

#include "index/format.h"

namespace dateline {
namespace {

// A term with no prefix: prefixes are upper-case ASCII (schema/schema.h).
bool unprefixed(std::string_view term) {
  return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z');
}

// The window of an OP_PHRASE query, from its description "(a@1 PHRASE 2 b@2)": Xapian 1.4 has
// no accessor for it.
unsigned phrase_window(const Xapian::Query& phrase) {
  const std::string text = phrase.get_description();
  const std::string::size_type at = text.find(" PHRASE ");
  if (at == std::string::npos) return 0;
  return static_cast<unsigned>(std::strtoul(text.c_str() + at + 8, nullptr, 10));
}

// The operators whose queries rebuild from their subqueries alone.
bool rebuildable(Xapian::Query::op op) {
  switch (op) {
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_MAX:
      return true;
    default:
      return false;
  }
}

// `out` = the pair term of two adjacent terms (kCommonGramPrefix + first + " " + second), its
// buffer reused. False when it would be longer than a term may be.
bool assign_pair(std::string& out, std::string_view first, std::string_view second) {
  out.assign(kCommonGramPrefix).append(first).append(1, ' ').append(second);
  return out.size() <= kMaxTermBytes;
}

// What add_pairs knows of one distinct unprefixed term of a document.
struct GramTerm {
  std::string name;
  bool common = false;
  signed char free = -1;  // 1: not a function word (not_with), 0: one, -1: not looked up yet
};

}  // namespace

CommonGrams::CommonGrams(const std::vector<std::string>& words,
                         const std::vector<std::string>& not_with)
    : words_(words), not_with_(not_with) {}

bool CommonGrams::common(std::string_view term) const { return words_.contains(term); }

bool CommonGrams::paired(std::string_view first, std::string_view second) const {
  const bool a = common(first), b = common(second);
  if (a && b) return true;
  if (a) return !not_with_.contains(second);
  if (b) return !not_with_.contains(first);
  return false;
}

std::string CommonGrams::pair_term(std::string_view first, std::string_view second) {
  std::string term;
  if (!assign_pair(term, first, second)) return "";
  return term;
}

std::size_t CommonGrams::add_pairs(Xapian::Document& doc) const {
  if (words_.empty()) return 0;
  // Each unprefixed term once, numbered from 1 in termlist order, and for each position the
  // first and the last number there (0: none). Two terms at one position (never from our
  // flags) pair as a sort by (position, number) would: the last at p with the first at p + 1.
  std::vector<GramTerm> terms;
  terms.reserve(doc.termlist_count());
  std::vector<std::uint32_t> first_at, last_at;
  bool any_common = false;
  for (auto term = doc.termlist_begin(); term != doc.termlist_end(); ++term) {
    std::string name = *term;
    if (!unprefixed(name)) continue;
    const bool is_common = common(name);
    any_common = any_common || is_common;
    terms.push_back(GramTerm{std::move(name), is_common});
    const auto number = static_cast<std::uint32_t>(terms.size());
    for (auto pos = term.positionlist_begin(); pos != term.positionlist_end(); ++pos) {
      const Xapian::termpos p = *pos;
      if (p >= first_at.size()) {
        const std::size_t size = std::max<std::size_t>(std::size_t{p} + 1, 2 * first_at.size());
        first_at.resize(size);
        last_at.resize(size);
      }
      if (first_at[p] == 0) first_at[p] = number;
      last_at[p] = number;
    }
  }
  if (!any_common) return 0;
  // Function words are looked up once per term, and only for terms next to a common word.
  auto not_function = [this](GramTerm& t) {
    if (t.free < 0) t.free = not_with_.contains(t.name) ? 0 : 1;
    return t.free == 1;
  };
  std::vector<std::uint64_t> met;  // (first number, second number) of each adjacent pair
  for (std::size_t p = 0; p + 1 < first_at.size(); ++p) {
    const std::uint32_t a = last_at[p], b = first_at[p + 1];
    if (a == 0 || b == 0) continue;
    GramTerm& first = terms[a - 1];
    GramTerm& second = terms[b - 1];
    if (!first.common && !second.common) continue;
    if (!(first.common && second.common) &&
        !(first.common ? not_function(second) : not_function(first)))
      continue;
    met.push_back(std::uint64_t{a} << 32 | b);
  }
  // Each distinct pair is added once: adding it again with wdf 0 changes nothing.
  std::sort(met.begin(), met.end());
  std::size_t added = 0;
  std::string pair;
  for (std::size_t i = 0, j = 0; i < met.size(); i = j) {
    while (j < met.size() && met[j] == met[i]) ++j;
    const auto a = static_cast<std::uint32_t>(met[i] >> 32);
    const auto b = static_cast<std::uint32_t>(met[i] & 0xffffffffu);
    if (!assign_pair(pair, terms[a - 1].name, terms[b - 1].name)) continue;
    // wdf 0: the document's length and scores are unchanged. No position: a pair term only says
    // the two words stand together somewhere (positions would double its cost in index size).
    doc.add_term(pair, 0);
    added += j - i;
  }
  return added;
}

Xapian::Query CommonGrams::rewrite_phrase(const Xapian::Query& phrase) const {
  const std::size_t n = phrase.get_num_subqueries();
  if (n < 2 || phrase_window(phrase) != n) return phrase;
  std::vector<std::string> words;
  std::vector<Xapian::Query> leaves;
  for (std::size_t i = 0; i < n; ++i) {
    Xapian::Query leaf = phrase.get_subquery(i);
    if (leaf.get_type() != Xapian::Query::LEAF_TERM) return phrase;
    auto term = leaf.get_terms_begin();
    if (term == leaf.get_terms_end() || !unprefixed(*term)) return phrase;
    words.push_back(*term);
    leaves.push_back(std::move(leaf));
  }
  std::vector<Xapian::Query> pairs;
  for (std::size_t i = 0; i + 1 < n; ++i) {
    if (!paired(words[i], words[i + 1])) continue;
    std::string pair = pair_term(words[i], words[i + 1]);
    if (pair.empty()) return phrase;
    pairs.emplace_back(pair);
  }
  if (pairs.empty()) return phrase;
  // Two words: the pair is there exactly when the phrase is, and the words weigh it. Longer:
  // the phrase itself, weighed as before, its positions checked only where its pairs all are.
  Xapian::Query words_part =
      n == 2 ? Xapian::Query(Xapian::Query::OP_AND, leaves.begin(), leaves.end()) : phrase;
  return Xapian::Query(Xapian::Query::OP_FILTER, words_part,
                       Xapian::Query(Xapian::Query::OP_AND, pairs.begin(), pairs.end()));
}

Xapian::Query CommonGrams::rewrite_phrases(const Xapian::Query& query) const {
  if (words_.empty()) return query;
  bool changed = false;
  return rewrite(query, changed);
}

Xapian::Query CommonGrams::rewrite(const Xapian::Query& query, bool& changed) const {
  const Xapian::Query::op op = query.get_type();
  if (op == Xapian::Query::OP_PHRASE) {
    Xapian::Query out = rewrite_phrase(query);
    changed = changed || out.get_type() != Xapian::Query::OP_PHRASE;
    return out;
  }
  if (!rebuildable(op)) return query;
  const std::size_t n = query.get_num_subqueries();
  std::vector<Xapian::Query> parts;
  parts.reserve(n);
  bool below = false;
  for (std::size_t i = 0; i < n; ++i) parts.push_back(rewrite(query.get_subquery(i), below));
  if (!below) return query;
  changed = true;
  return Xapian::Query(op, parts.begin(), parts.end());
}

std::vector<std::string> CommonGrams::frequent_terms(
    const Xapian::Database& db, double share, std::size_t limit,
    const std::function<bool(const std::string&)>& excluded) {
  const double docs = db.get_doccount();
  std::vector<std::pair<Xapian::doccount, std::string>> found;
  // Unprefixed terms start with a digit, a lower-case letter or a UTF-8 lead byte: the
  // prefixed terms ('A'-'Z') sort between the digits and the rest, and are skipped in one step.
  for (auto term = db.allterms_begin(); term != db.allterms_end(); ++term) {
    if (!unprefixed(*term)) {
      term.skip_to("a");
      if (term == db.allterms_end()) break;
    }
    const std::string& name = *term;
    if (excluded && excluded(name)) continue;
    if (std::all_of(name.begin(), name.end(), [](char c) { return c >= '0' && c <= '9'; }))
      continue;
    if (term.get_termfreq() < share * docs) continue;
    found.emplace_back(term.get_termfreq(), name);
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::string> out;
  for (const auto& [freq, name] : found) {
    if (out.size() == limit) break;
    out.push_back(name);
  }
  return out;
}

}  // namespace dateline
