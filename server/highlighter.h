// Highlighted titles and body fragments for search hits, from Xapian's snippet generator.
// Output is HTML: document text is always escaped; only the highlight tags are markup.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

namespace dateline {

struct HighlightOptions {
  std::size_t body_bytes = 200;  // aim for fragments of about this many bytes
  int fragments = 1;             // how many body fragments to return at most
  std::string pre = "<mark>";    // inserted before each matched word, as given
  std::string post = "</mark>";
};

// The tags to mark with when a request asks for none (highlight_pre and highlight_post both
// empty): MSet::snippet escapes the text only when it has a tag to insert, and fragments are
// chosen by counting marks. Take them out of the finished HTML with strip_stand_in_tags().
inline constexpr const char* kStandInPre = "\x01";
inline constexpr const char* kStandInPost = "\x02";

// Removes kStandInPre and kStandInPost (and any other such control character) from `html`.
void strip_stand_in_tags(std::string& html);

// What marks query words in a hit's text.
struct Marker {
  // An MSet whose query's words are marked (MSet::snippet; it may hold no documents); nullptr
  // marks nothing.
  const Xapian::MSet* marks = nullptr;
  // The stemmer the query was read with.
  Xapian::Stem stem;
  // The same for MSet::snippet: snippet_stemmer(stem, the marks' query), or just `stem`.
  Xapian::Stem snippet_stem;
};

// The whole title, escaped, with query words (and their stems) marked.
std::string highlight_title(const Marker& marker, const std::string& title,
                            const HighlightOptions& options);

// With one fragment: the best window of the body or of the summary around the query words.
// With more: up to `fragments` sentences of one of them that hold the most matches, in text
// order, each cut to about body_bytes around its matches. The body is preferred unless the
// summary's fragments mark more different query words (a phrase found only in the summary). When
// nothing matches: the lead (summary, else start of body), escaped, unmarked. Empty when the
// article has no summary and no body.
std::vector<std::string> highlight_body(const Marker& marker, const std::string& summary,
                                        const std::string& body, const HighlightOptions& options);

// A stand-in for `stem` with which MSet::snippet marks the same words, faster. The snippet
// generator stems every word it scans only to look "Z" + stem up among its query's terms, and
// Snowball stemming was a fifth of a search's CPU on Reuters-21578. The English stemmer only
// rewrites the end of a word: a stem starts with the word's first letter and, when it has two,
// with its first two ("dying", "lying" and "tying", which stem to "die", "lie" and "tie", aside).
// So a word that begins like none of the stems in `queries` (their "Z" terms) cannot stem to one;
// it gets "" instead of its stem, and "Z" alone is no query term. Any other stemmer is returned as
// it is. Not thread-safe, like every Xapian object: keep it to the thread that made it.
Xapian::Stem snippet_stemmer(const Xapian::Stem& stem, const std::vector<Xapian::Query>& queries);

// Splits text into sentences (ending in . ! ? followed by space, or at a blank line).
std::vector<std::string> split_sentences(const std::string& text);

}  // namespace dateline
