// Language detection for articles that do not say their language, so they are stemmed (and
// their queries parsed) as what they are. Uses CLD2 (Debian's libcld2), a naive Bayes model over
// character 4-grams of about 80 languages.
#pragma once

#include <string>
#include <string_view>

namespace dateline {

// Returns the ISO 639-1 code of the language `text` (UTF-8) is written in, or `fallback` when the
// detector is not confident: too little text, a mix, or a language without a two-letter code.
// Only the first 8 KB are looked at.
std::string detect_language(std::string_view text, const std::string& fallback);

}  // namespace dateline
