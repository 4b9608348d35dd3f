#include "schema/language.h"

#include <algorithm>

#include <cld2/public/compact_lang_det.h>

namespace dateline {
namespace {

constexpr std::size_t kMaxBytes = 8192;
// Fewer letters than this and the detector's guess is not worth more than the fallback.
constexpr int kMinTextBytes = 24;

}  // namespace

std::string detect_language(std::string_view text, const std::string& fallback) {
  std::size_t n = std::min(text.size(), kMaxBytes);
  // Do not cut a UTF-8 sequence in two.
  while (n > 0 && n < text.size() && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  CLD2::Language top[3];
  int percent[3];
  int text_bytes = 0;
  bool reliable = false;
  int valid_prefix = 0;
  double scores[3];
  CLD2::Language language = CLD2::ExtDetectLanguageSummaryCheckUTF8(
      text.data(), static_cast<int>(n), true, nullptr, 0, top, percent, scores, nullptr,
      &text_bytes, &reliable, &valid_prefix);
  if (!reliable || text_bytes < kMinTextBytes || language == CLD2::UNKNOWN_LANGUAGE) {
    return fallback;
  }
  std::string code = CLD2::LanguageCode(language);
  if (code == "iw") code = "he";  // CLD2 keeps the withdrawn codes
  if (code == "in") code = "id";
  if (code.size() != 2) return fallback;
  return code;
}

}  // namespace dateline
