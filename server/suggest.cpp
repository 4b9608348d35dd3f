#include "server/suggest.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "index/format.h"
#include "index/terms.h"

namespace dateline {

std::vector<Suggestion> suggest_completions(const Xapian::Database& db, const Schema& schema,
                                            const std::string& text, int limit,
                                            unsigned scan_limit) {
  std::vector<std::string> words = split_words(text);
  if (words.empty()) return {};
  bool ends_in_space = !text.empty() && std::isspace(static_cast<unsigned char>(text.back()));
  // Complete the last word from title words, or the last two from title word pairs.
  std::string prefix, lead;
  const FieldSpec* title = schema.find("title");
  std::string title_prefix = title && title->text ? title->text->prefix : "S";
  if (words.size() == 1 && !ends_in_space) {
    prefix = title_prefix + words[0];
  } else {
    std::size_t n = words.size();
    std::string last = ends_in_space ? "" : words[n - 1];
    std::string before = ends_in_space ? words[n - 1] : words[n - 2];
    prefix = std::string(kTitleBigramPrefix) + before + " " + last;
    for (std::size_t i = 0; i + (ends_in_space ? 1 : 2) < n; ++i) lead += words[i] + " ";
  }
  std::size_t strip = prefix.rfind(kTitleBigramPrefix, 0) == 0 && words.size() + ends_in_space > 1
                          ? std::strlen(kTitleBigramPrefix)
                          : title_prefix.size();
  std::vector<Suggestion> found;
  unsigned scanned = 0;
  if (schema.stem_all && words.size() == 1 && !ends_in_space) {
    // Title terms are stems in such an index ("strik" for "striking"): one word is completed
    // from the spelling table instead, the words of titles and summaries as written.
    auto it = db.spellings_begin();
    for (it.skip_to(words[0]); it != db.spellings_end() && scanned < scan_limit; ++it, ++scanned) {
      if ((*it).compare(0, words[0].size(), words[0]) != 0) break;
      found.push_back({*it, it.get_termfreq()});
    }
  } else {
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix) && scanned < scan_limit;
         ++it, ++scanned) {
      found.push_back({lead + (*it).substr(strip), it.get_termfreq()});
    }
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const Suggestion& a, const Suggestion& b) { return a.count > b.count; });
  if (found.size() > static_cast<std::size_t>(limit)) found.resize(static_cast<std::size_t>(limit));
  return found;
}

}  // namespace dateline
