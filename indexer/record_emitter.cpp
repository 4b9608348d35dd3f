#include "indexer/record_emitter.h"

#include "core/error.h"

namespace dateline {
namespace {

// Length of the well-formed UTF-8 sequence at text[i], or 0 when it is not one (overlongs,
// surrogates and code points past U+10FFFF count as ill-formed).
std::size_t valid_sequence_length(std::string_view text, std::size_t i) {
  auto byte = [&text](std::size_t k) { return static_cast<unsigned char>(text[k]); };
  unsigned char c = byte(i);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > text.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return n;
}

}  // namespace

std::size_t repair_utf8(std::string& text) {
  std::size_t i = 0;
  while (i < text.size() && static_cast<unsigned char>(text[i]) < 0x80) ++i;
  if (i == text.size()) return 0;  // the common case: ASCII
  std::string out = text.substr(0, i);
  std::size_t repaired = 0;
  while (i < text.size()) {
    std::size_t n = valid_sequence_length(text, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++repaired;
      ++i;
    } else {
      out.append(text, i, n);
      i += n;
    }
  }
  if (repaired > 0) text = std::move(out);
  return repaired;
}

std::pair<std::string, std::string> parse_field_mapping(const std::string& spec) {
  std::size_t eq = spec.find('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
    throw Error(ErrorKind::kInvalidArgument,
                "--map expects column=field, e.g. link=url (got '" + spec + "')");
  }
  return {spec.substr(0, eq), spec.substr(eq + 1)};
}

void emit_object(nlohmann::json object, std::size_t line, std::string_view raw, RecordSink& sink,
                 const ReaderOptions& options) {
  if (object.is_object()) {
    for (const auto& [from, to] : options.field_map) {
      auto it = object.find(from);
      if (it == object.end() || from == to) continue;
      nlohmann::json value = std::move(*it);
      object.erase(from);
      object[to] = std::move(value);
    }
    for (const std::string& warning : cap_oversized_fields(object, options.limits)) {
      sink.on_field_cut(line, "warning: " + warning);
    }
  }
  Record record = record_from_json(object, options.default_language, options.limits);
  if (auto* article = std::get_if<Article>(&record)) {
    sink.on_article(line, std::move(*article));
  } else if (auto* del = std::get_if<DeleteOp>(&record)) {
    sink.on_delete(line, del->id);
  } else {
    sink.on_reject_raw(line, std::get<Rejection>(record).reason, raw);
  }
}

}  // namespace dateline
