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

// `marks`: an MSet whose query's words are marked (MSet::snippet; it may hold no documents);
// nullptr marks nothing.

// The whole title, escaped, with query words (and their stems) marked.
std::string highlight_title(const Xapian::MSet* marks, const std::string& title,
                            const Xapian::Stem& stem, const HighlightOptions& options);

// With one fragment: the best window of the body or of the summary around the query words.
// With more: up to `fragments` sentences of one of them that hold the most matches, in text
// order, each cut to about body_bytes around its matches. The body is preferred unless the
// summary's fragments mark more different query words (a phrase found only in the summary). When
// nothing matches: the lead (summary, else start of body), escaped, unmarked. Empty when the
// article has no summary and no body.
std::vector<std::string> highlight_body(const Xapian::MSet* marks, const std::string& summary,
                                        const std::string& body, const Xapian::Stem& stem,
                                        const HighlightOptions& options);

// Splits text into sentences (ending in . ! ? followed by space, or at a blank line).
std::vector<std::string> split_sentences(const std::string& text);

}  // namespace dateline
