#include "query/spelling.h"

#include <algorithm>
#include <cstddef>
#include <map>
#include <string_view>
#include <vector>

#include "index/term_stats.h"
#include "query/query_case.h"

namespace dateline {
namespace {

constexpr std::size_t kMinLetters = 3;
constexpr std::size_t kTwoEditLetters = 5;

struct Word {
  std::size_t begin = 0;  // byte offsets into the query
  std::size_t end = 0;
  std::string folded;  // lower-cased, as the indexer writes unstemmed terms
  std::size_t letters = 0;
  bool has_digit = false;
  std::size_t capitals = 0;  // upper-case letters as typed
};

// Whether the whitespace-delimited token around [begin, end) holds a ':' (a field prefix or a
// filter: neither is corrected).
bool in_prefixed_token(const std::string& query, std::size_t begin, std::size_t end) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  std::size_t from = begin;
  while (from > 0 && !space(query[from - 1])) --from;
  std::size_t to = end;
  while (to < query.size() && !space(query[to])) ++to;
  return query.find(':', from) < to;
}

std::vector<Word> words_of(const std::string& query) {
  std::vector<Word> words;
  Word current;
  bool in_word = false;
  const char* base = query.data();
  for (Xapian::Utf8Iterator it(query); it != Xapian::Utf8Iterator(); ++it) {
    unsigned ch = *it;
    std::size_t at = static_cast<std::size_t>(it.raw() - base);
    if (in_word && (ch == '\'' || ch == 0x2019)) {
      // An apostrophe between letters is part of the word, as the indexer's term generator
      // keeps it ("o'neill", "wasn't"; a typographic one becomes ').
      Xapian::Utf8Iterator next = it;
      ++next;
      if (next != Xapian::Utf8Iterator() && Xapian::Unicode::is_wordchar(*next)) {
        current.folded += '\'';
        continue;
      }
    }
    if (Xapian::Unicode::is_wordchar(ch)) {
      if (!in_word) {
        current = Word{};
        current.begin = at;
        in_word = true;
      }
      Xapian::Unicode::append_utf8(current.folded, Xapian::Unicode::tolower(ch));
      ++current.letters;
      if (Xapian::Unicode::get_category(ch) == Xapian::Unicode::UPPERCASE_LETTER)
        ++current.capitals;
      current.has_digit = current.has_digit || Xapian::Unicode::get_category(ch) ==
                                                   Xapian::Unicode::DECIMAL_DIGIT_NUMBER;
    } else if (in_word) {
      current.end = at;
      words.push_back(std::move(current));
      in_word = false;
    }
  }
  if (in_word) {
    current.end = query.size();
    words.push_back(std::move(current));
  }
  return words;
}

// The forms under which the index would have a word: as written (indexes with "stemming":
// "some"), or its stem (as "all" indexes it, or with the "Z" prefix of "some") in any of
// `languages`.
std::vector<std::string> indexed_forms(const std::string& word,
                                       const std::vector<QueryLanguage>& languages) {
  std::vector<std::string> forms{word};
  for (const QueryLanguage& language : languages) {
    std::string stemmed = language.stem(word);
    forms.push_back("Z" + stemmed);
    forms.push_back(std::move(stemmed));
  }
  return forms;
}

// Which of `words` the index has, in any form (indexed_forms): the query would find them. The
// spelling table (every title, summary and body word; local even on a sharded index) answers
// most words without a round trip; the rest are looked up together (index/term_stats.h).
std::vector<bool> known_words(const Xapian::Database& db, const std::vector<std::string>& words,
                              const std::vector<QueryLanguage>& languages) {
  std::vector<bool> known(words.size(), false);
  std::vector<std::vector<std::string>> forms(words.size());
  std::vector<std::string> asked;
  for (std::size_t i = 0; i < words.size(); ++i) {
    Xapian::TermIterator spelled = db.spellings_begin();
    spelled.skip_to(words[i]);
    if (spelled != db.spellings_end() && *spelled == words[i]) {
      known[i] = true;
      continue;
    }
    forms[i] = indexed_forms(words[i], languages);
    asked.insert(asked.end(), forms[i].begin(), forms[i].end());
  }
  if (asked.empty()) return known;
  const std::map<std::string, Xapian::doccount> found = term_frequencies(db, asked);
  for (std::size_t i = 0; i < words.size(); ++i) {
    for (const std::string& form : forms[i]) {
      auto it = found.find(form);
      if (it != found.end() && it->second > 0) known[i] = true;
    }
  }
  return known;
}

bool function_word(const std::string& word, const std::vector<QueryLanguage>& languages) {
  return std::any_of(languages.begin(), languages.end(), [&](const QueryLanguage& language) {
    return language.function_words != nullptr && (*language.function_words)(word);
  });
}

}  // namespace

SpellingCorrection corrected_query(const Xapian::Database& db, const std::string& query,
                                   const std::vector<QueryLanguage>& languages) {
  SpellingCorrection correction;
  std::vector<Word> candidates;
  for (Word& w : words_of(query)) {
    // Two capitals or more: an acronym or a name as its owner writes it ("IBP", "ComYMV").
    if (w.letters < kMinLetters || w.has_digit || w.capitals > 1 ||
        is_query_operator(std::string_view(query).substr(w.begin, w.end - w.begin))) {
      continue;
    }
    if (w.begin > 0 && query[w.begin - 1] == '-') continue;     // excluded
    if (w.end < query.size() && query[w.end] == '*') continue;  // wildcard
    if (in_prefixed_token(query, w.begin, w.end)) continue;     // field:value
    if (function_word(w.folded, languages)) continue;
    candidates.push_back(std::move(w));
  }
  std::vector<std::string> folded;
  for (const Word& w : candidates) folded.push_back(w.folded);
  const std::vector<bool> known = known_words(db, folded, languages);

  std::string& out = correction.query;
  std::size_t copied = 0;  // bytes of `query` already in `out`
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    if (known[i]) continue;
    const Word& w = candidates[i];
    // One edit in a short word is already a large change ("tax" -> "tan"): two only from five
    // letters on.
    unsigned edits = 1;
    std::string suggestion = db.get_spelling_suggestion(w.folded, 1);
    if (suggestion.empty() && w.letters >= kTwoEditLetters) {
      edits = 2;
      suggestion = db.get_spelling_suggestion(w.folded, 2);
    }
    // A function word is no correction: "img" -> "im" would search for nothing in particular.
    if (suggestion.empty() || suggestion == w.folded || function_word(suggestion, languages)) {
      continue;
    }
    correction.edits = std::max(correction.edits, edits);
    out.append(query, copied, w.begin - copied);
    out += suggestion;
    copied = w.end;
  }
  if (copied == 0) return {};
  out.append(query, copied, std::string::npos);
  return correction;
}

}  // namespace dateline
