// Case folding of shouted queries before they reach the query parser.
#pragma once

#include <set>
#include <string>
#include <string_view>

namespace dateline {

// A query typed with caps lock on ("KENNEDY ADMINISTRATION PRESSURE ON DIEM") is returned with
// its words lower-cased, so the parser stems them as it does typed words; Xapian's parser treats
// a capitalised word as a name and matches only that exact form. A query is shouted when it has
// at least three words (operators count), at least one upper-case letter and no lower-case one.
// Its AND, OR, NOT, XOR, NEAR and ADJ are lower-cased too, so read as words: a shouted query is
// a title or a sentence typed with caps lock on ("WAR AND PEACE"), not query syntax. Any other
// query, including one or two capitalised words (acronyms: "NASA", "AIDS"), is returned
// unchanged; "oil AND gas" keeps its operator.
std::string unshout_query(const std::string& query);

// `query` with its lower-case dotted initialisms (two or more single ASCII letters, each followed
// by a dot but the last maybe) read in both forms. Xapian reads "U.S." as the word "us", as the
// indexer does, but lower-case "u.s." as the letters "u" and "s": a reader who types "u.s. trade"
// would find only the articles that write it so. A whole word outside quotes becomes
// "(U.S. OR u.s.)"; one in a phrase, after a field name, +/- or joined to other text ("u.s.-made")
// is written in capitals, as news text writes it. Initialisms typed in capitals stay as they are.
std::string read_initialisms(const std::string& query);

// `query` with every word lower-cased except the operators below; separators are kept.
std::string lower_query_words(const std::string& query);

// `query` without the field names in `names` where they start a term outside quotes:
// `+title:"port strike" author:ruiz` -> `+"port strike" ruiz`. For marking words: Xapian's
// snippet generator marks only unprefixed terms, so a word searched in one field is marked as
// a word of any field.
std::string strip_field_names(const std::string& query, const std::set<std::string>& names);

// Whether `word` is one of the query operators above, as typed: AND, OR, NOT, XOR, NEAR, ADJ,
// NEAR/n or ADJ/n.
bool is_query_operator(std::string_view word);

// A query of up to this many words requires every word; a longer one matches any of them.
constexpr int kShortQueryWords = 3;

// The words the user typed, not counting operators (tokens between spaces that have a letter or
// digit): decides between all-words and any-word matching.
int count_query_words(const std::string& query);

// The wildcard words of `query` (`port*`, `title:port*`, `+port*`): tokens ending in '*' outside
// quotes with a letter or digit before the '*'.
int count_wildcards(const std::string& query);

}  // namespace dateline
