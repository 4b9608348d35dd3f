#include "server/highlighter.h"

#include <algorithm>
#include <set>

#include "core/text.h"

namespace dateline {
namespace {

constexpr const char* kEllipsis = "\u2026";

// Xapian's snippet() looks up background term statistics by default, which costs about ten
// times the match itself; exhaustive search over the text finds the best window without it.
constexpr unsigned kSnippetFlags =
    Xapian::MSet::SNIPPET_EXHAUSTIVE | Xapian::MSet::SNIPPET_EMPTY_WITHOUT_MATCH;

// Long bodies are not scanned past this many sentences for extra fragments.
constexpr std::size_t kMaxSentences = 200;

// MSet::snippet escapes the text only when a highlight tag is given: with both tags empty it
// returns the document's own markup as it is. Callers mark with kStandInPre/kStandInPost then;
// this keeps that promise for any caller that does not.
std::string snippet(const Marker& marker, const std::string& text, std::size_t length,
                    const HighlightOptions& options) {
  if (!options.pre.empty() || !options.post.empty()) {
    return marker.marks->snippet(text, length, marker.snippet_stem, kSnippetFlags, options.pre,
                                 options.post, kEllipsis);
  }
  std::string html = marker.marks->snippet(text, length, marker.snippet_stem, kSnippetFlags,
                                           kStandInPre, kStandInPost, kEllipsis);
  strip_stand_in_tags(html);
  return html;
}

// An empty highlight tag (highlight_pre= in the request) marks nothing that can be counted.
std::size_t count_marks(const std::string& fragment, const std::string& pre) {
  if (pre.empty()) return 0;
  std::size_t n = 0;
  for (std::size_t at = fragment.find(pre); at != std::string::npos;
       at = fragment.find(pre, at + pre.size())) {
    ++n;
  }
  return n;
}

// How many different query words (by stem) the fragments mark: a phrase marked whole counts
// each of its words.
std::size_t marked_stems(const std::vector<std::string>& fragments, const Xapian::Stem& stem,
                         const HighlightOptions& options) {
  if (options.pre.empty()) return 0;  // nothing to count by; the body is kept
  std::set<std::string> stems;
  for (const std::string& html : fragments) {
    for (std::size_t at = html.find(options.pre); at != std::string::npos;
         at = html.find(options.pre, at)) {
      at += options.pre.size();
      std::size_t end = html.find(options.post, at);
      if (end == std::string::npos) break;
      std::string marked = to_lower(std::string_view(html).substr(at, end - at));
      std::size_t word = 0;
      while (word < marked.size()) {
        std::size_t stop = marked.find(' ', word);
        if (stop == std::string::npos) stop = marked.size();
        if (stop > word) stems.insert(stem(marked.substr(word, stop - word)));
        word = stop + 1;
      }
      at = end + options.post.size();
    }
  }
  return stems.size();
}

std::vector<std::string> best_sentences(const Marker& marker, const std::string& text,
                                        const HighlightOptions& options) {
  struct Candidate {
    std::size_t position;
    std::size_t marks;
    std::string html;
  };
  std::vector<Candidate> candidates;
  std::vector<std::string> sentences = split_sentences(text);
  for (std::size_t i = 0; i < sentences.size() && i < kMaxSentences; ++i) {
    std::string html = snippet(marker, sentences[i], options.body_bytes, options);
    if (html.empty()) continue;
    std::size_t marks = count_marks(html, options.pre);
    candidates.push_back({i, marks, fold_whitespace(html)});
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.marks > b.marks; });
  if (candidates.size() > static_cast<std::size_t>(options.fragments)) {
    candidates.resize(static_cast<std::size_t>(options.fragments));
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const Candidate& a, const Candidate& b) { return a.position < b.position; });
  std::vector<std::string> out;
  for (auto& c : candidates) out.push_back(std::move(c.html));
  return out;
}

// See snippet_stemmer in the header.
class SnippetStem : public Xapian::StemImplementation {
 public:
  SnippetStem(const Xapian::Stem& stem, std::vector<std::string> starts)
      : stem_(stem), starts_(std::move(starts)) {}

  std::string operator()(const std::string& word) override {
    if (!word.empty() && word[0] == '\'') return stem_(word);  // Porter2 drops a leading '
    for (const std::string& start : starts_) {
      if (may_stem_to(word, start)) return stem_(word);
    }
    return {};
  }

  // False when `word` cannot have a stem that begins with `start` (one or two bytes). The English
  // stemmer's only change to a word's first two letters: "dying", "lying" and "tying" stem to
  // "die", "lie" and "tie".
  static bool may_stem_to(const std::string& word, const std::string& start) {
    if (word.empty() || word[0] != start[0]) return false;
    if (start.size() == 1) return true;
    return word.size() >= 2 && (word[1] == start[1] || (word[1] == 'y' && start[1] == 'i'));
  }

  std::string get_description() const override {
    return "snippet stand-in for " + stem_.get_description();
  }

 private:
  Xapian::Stem stem_;
  std::vector<std::string> starts_;  // the first two bytes (or one) of each query stem
};

}  // namespace

void strip_stand_in_tags(std::string& html) {
  std::erase_if(html, [](char c) { return c == kStandInPre[0] || c == kStandInPost[0]; });
}

Xapian::Stem snippet_stemmer(const Xapian::Stem& stem, const std::vector<Xapian::Query>& queries) {
  if (stem.get_description() != "Xapian::Stem(english)") return stem;
  std::vector<std::string> starts;
  for (const Xapian::Query& query : queries) {
    for (auto term = query.get_terms_begin(); term != query.get_terms_end(); ++term) {
      const std::string& t = *term;
      if (t == "Z") return stem;  // "" would mark (no English stem is empty)
      if (t.empty() || t[0] != 'Z') continue;
      std::string start = t.substr(1, 2);
      if (std::find(starts.begin(), starts.end(), start) == starts.end()) starts.push_back(start);
    }
  }
  return Xapian::Stem(new SnippetStem(stem, std::move(starts)));
}

std::vector<std::string> split_sentences(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  auto flush = [&](std::size_t end) {
    std::string sentence = fold_whitespace(std::string_view(text).substr(start, end - start));
    if (!sentence.empty()) out.push_back(std::move(sentence));
    start = end;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool at_end = i + 1 == text.size();
    if ((c == '.' || c == '!' || c == '?') &&
        (at_end || text[i + 1] == ' ' || text[i + 1] == '\n')) {
      flush(i + 1);
    } else if (c == '\n' && i + 1 < text.size() && text[i + 1] == '\n') {
      flush(i + 1);
    }
  }
  flush(text.size());
  return out;
}

std::string highlight_title(const Marker& marker, const std::string& title,
                            const HighlightOptions& options) {
  if (marker.marks == nullptr) return html_escape(title);
  std::string marked = snippet(marker, title, title.size() + 1, options);
  return marked.empty() ? html_escape(title) : marked;
}

std::vector<std::string> highlight_body(const Marker& marker, const std::string& summary,
                                        const std::string& body, const HighlightOptions& options) {
  if (marker.marks != nullptr) {
    std::vector<std::string> best;
    std::size_t best_cover = 0;
    for (const std::string* text : {&body, &summary}) {
      if (text->empty()) continue;
      std::vector<std::string> fragments;
      if (options.fragments > 1) {
        fragments = best_sentences(marker, *text, options);
      } else {
        std::string fragment = snippet(marker, *text, options.body_bytes, options);
        if (!fragment.empty()) fragments.push_back(fold_whitespace(fragment));
      }
      if (fragments.empty()) continue;
      std::size_t cover = marked_stems(fragments, marker.stem, options);
      if (best.empty() || cover > best_cover) {
        best = std::move(fragments);
        best_cover = cover;
      }
    }
    if (!best.empty()) return best;
  }
  const std::string& lead_source = summary.empty() ? body : summary;
  if (lead_source.empty()) return {};
  return {html_escape(make_lead(lead_source, options.body_bytes))};
}

}  // namespace dateline
