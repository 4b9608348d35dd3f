// Highlighted titles and body fragments for search hits, from Xapian's snippet generator.
// Output is HTML: document text is always escaped; only the <mark> tags are markup.
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

namespace dateline {

struct HighlightOptions {
  std::size_t body_bytes = 200;  // aim for fragments of about this many bytes
  std::string pre = "<mark>";
  std::string post = "</mark>";
};

// The whole title, escaped, with query words (and their stems) marked.
std::string highlight_title(const Xapian::MSet& mset, const std::string& title,
                            const Xapian::Stem& stem, const HighlightOptions& options);

// Up to one fragment of the body around the best match, escaped and marked; when neither the
// summary nor the body matches, the lead (summary, else body start) escaped, without marks.
// Empty when the article has no summary and no body.
std::vector<std::string> highlight_body(const Xapian::MSet& mset, const std::string& summary,
                                        const std::string& body, const Xapian::Stem& stem,
                                        const HighlightOptions& options);

}  // namespace dateline
