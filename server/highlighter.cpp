#include "server/highlighter.h"

#include "core/text.h"

namespace dateline {
namespace {

constexpr const char* kEllipsis = "\u2026";

// Xapian's snippet() looks up background term statistics by default, which costs about ten
// times the match itself; exhaustive search over the text finds the best window without it.
constexpr unsigned kSnippetFlags =
    Xapian::MSet::SNIPPET_EXHAUSTIVE | Xapian::MSet::SNIPPET_EMPTY_WITHOUT_MATCH;

}  // namespace

std::string highlight_title(const Xapian::MSet& mset, const std::string& title,
                            const Xapian::Stem& stem, const HighlightOptions& options) {
  if (mset.empty()) return html_escape(title);
  std::string marked = mset.snippet(title, title.size() + 1, stem, kSnippetFlags, options.pre,
                                    options.post, kEllipsis);
  return marked.empty() ? html_escape(title) : marked;
}

std::vector<std::string> highlight_body(const Xapian::MSet& mset, const std::string& summary,
                                        const std::string& body, const Xapian::Stem& stem,
                                        const HighlightOptions& options) {
  if (!mset.empty()) {
    for (const std::string* text : {&body, &summary}) {
      if (text->empty()) continue;
      std::string fragment = mset.snippet(*text, options.body_bytes, stem, kSnippetFlags,
                                          options.pre, options.post, kEllipsis);
      if (!fragment.empty()) return {fold_whitespace(fragment)};
    }
  }
  const std::string& lead_source = summary.empty() ? body : summary;
  if (lead_source.empty()) return {};
  return {html_escape(make_lead(lead_source, options.body_bytes))};
}

}  // namespace dateline
