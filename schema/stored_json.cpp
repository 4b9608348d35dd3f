#include "schema/stored_json.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "core/text.h"
#include "schema/dates.h"

namespace dateline {
namespace {

// The names article_to_json writes, in its order.
constexpr std::array<std::string_view, 16> kStoredNames = {
    "id",        "url",           "title",      "summary",   "body",         "authors",
    "source",    "section",       "tags",       "language",  "published_at", "updated_at",
    "image_url", "embargo_until", "expires_at", "correction"};

// Whether the direct writer gives article_to_json's bytes for `a`: nlohmann refuses invalid
// UTF-8, and an extra field named like a canonical one would replace or move it.
bool writes_directly(const Article& a) {
  for (const std::string* text : {&a.id, &a.url, &a.title, &a.summary, &a.body, &a.source,
                                  &a.section, &a.language, &a.image_url, &a.correction}) {
    if (!is_valid_utf8(*text)) return false;
  }
  for (const auto* list : {&a.authors, &a.tags}) {
    for (const std::string& text : *list) {
      if (!is_valid_utf8(text)) return false;
    }
  }
  if (!a.extra.is_object()) return false;
  for (const auto& [key, value] : a.extra.items()) {
    if (!is_valid_utf8(key)) return false;
    if (std::find(kStoredNames.begin(), kStoredNames.end(), key) != kStoredNames.end()) {
      return false;
    }
  }
  return true;
}

// `text` as a JSON string, escaped as nlohmann's dump() escapes valid UTF-8 (ensure_ascii off):
// the quote, the backslash and the control characters below 0x20; those without a short escape
// as \u00XX with lower-case hex digits. Every other byte as it is.
void append_string(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t run = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 0xf];
    }
  }
  out.append(text.data() + run, text.size() - run);
  out += '"';
}

// Appends the members of the stored object, each with its leading comma but the first.
class MemberWriter {
 public:
  explicit MemberWriter(std::string& out) : out_(out) {}

  void key(std::string_view name) {
    if (!first_) out_ += ',';
    first_ = false;
    append_string(out_, name);
    out_ += ':';
  }
  void text(std::string_view name, const std::string& value) {
    if (value.empty()) return;
    key(name);
    append_string(out_, value);
  }
  void list(std::string_view name, const std::vector<std::string>& values) {
    if (values.empty()) return;
    key(name);
    out_ += '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (i > 0) out_ += ',';
      append_string(out_, values[i]);
    }
    out_ += ']';
  }
  void date(std::string_view name, const std::optional<std::int64_t>& when) {
    if (!when) return;
    key(name);
    append_string(out_, format_rfc3339(*when));
  }

 private:
  std::string& out_;
  bool first_ = true;
};

}  // namespace

std::string stored_json(const Article& a) {
  if (!writes_directly(a)) return article_to_json(a).dump();
  std::string out;
  out.reserve(a.title.size() + a.summary.size() + a.body.size() + a.url.size() + 512);
  out += '{';
  MemberWriter members(out);
  members.text(kStoredNames[0], a.id);
  members.text(kStoredNames[1], a.url);
  members.text(kStoredNames[2], a.title);
  members.text(kStoredNames[3], a.summary);
  members.text(kStoredNames[4], a.body);
  members.list(kStoredNames[5], a.authors);
  members.text(kStoredNames[6], a.source);
  members.text(kStoredNames[7], a.section);
  members.list(kStoredNames[8], a.tags);
  members.text(kStoredNames[9], a.language);
  members.date(kStoredNames[10], a.published_at);
  members.date(kStoredNames[11], a.updated_at);
  members.text(kStoredNames[12], a.image_url);
  members.date(kStoredNames[13], a.embargo_until);
  members.date(kStoredNames[14], a.expires_at);
  members.text(kStoredNames[15], a.correction);
  for (const auto& [key, value] : a.extra.items()) {
    members.key(key);
    out += value.dump();
  }
  out += '}';
  return out;
}

}  // namespace dateline
