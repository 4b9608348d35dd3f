#include "schema/article.h"

#include <algorithm>

#include "core/text.h"
#include "schema/dates.h"
#include "schema/language.h"

namespace dateline {
namespace {

using nlohmann::json;

// Each validator returns an empty string on success or the rejection reason.
std::string read_string(const json& object, const char* key, std::string* out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  if (!it->is_string()) return std::string(key) + " must be a string";
  *out = it->get<std::string>();
  return "";
}

std::string read_string_list(const json& object, const char* key, std::vector<std::string>* out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  auto add = [out](const std::string& value) {
    std::string folded = fold_whitespace(value);
    if (!folded.empty()) out->push_back(std::move(folded));
  };
  if (it->is_string()) {
    add(it->get<std::string>());
    return "";
  }
  if (!it->is_array()) return std::string(key) + " must be a string or an array of strings";
  for (const auto& element : *it) {
    if (!element.is_string()) return std::string(key) + " must contain only strings";
    add(element.get<std::string>());
  }
  return "";
}

// 0000-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the dates RFC 3339 can write.
constexpr double kMinUnixSeconds = -62167219200.0;
constexpr double kMaxUnixSeconds = 253402300799.0;

std::string read_date(const json& object, const char* key, std::optional<std::int64_t>* out) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) return "";
  if (it->is_number()) {
    // Checked as a double before any conversion: a float past int64's range (1e300) or an
    // unsigned past INT64_MAX has no int64 value, and dates past year 9999 do not format.
    double seconds = it->get<double>();
    if (!(seconds >= kMinUnixSeconds && seconds <= kMaxUnixSeconds)) {
      return std::string(key) + " must be unix seconds within years 0000-9999";
    }
    *out = it->is_number_float() ? static_cast<std::int64_t>(seconds) : it->get<std::int64_t>();
    return "";
  }
  if (!it->is_string()) return std::string(key) + " must be a date string or unix seconds";
  std::string text = it->get<std::string>();
  if (fold_whitespace(text).empty()) return "";
  *out = parse_timestamp(text);
  if (!*out) {
    return std::string(key) + ": unrecognised date '" + std::string(utf8_prefix(text, 60)) +
           "' (expected RFC 3339, RFC 2822 or unix seconds)";
  }
  if (static_cast<double>(**out) > kMaxUnixSeconds) {  // a string of 12 digits can be
    return std::string(key) + " must be unix seconds within years 0000-9999";
  }
  return "";
}

std::string read_id(const json& object, std::string* out) {
  auto it = object.find("id");
  if (it == object.end() || it->is_null()) return "";
  if (it->is_string()) {
    *out = it->get<std::string>();
  } else if (it->is_number_integer()) {
    *out = it->dump();  // numeric ids from CMS exports are common; keep their digits
  } else {
    return "id must be a string";
  }
  return "";
}

std::string normalise_language(std::string code) {
  // Accept BCP 47 tags ("en-GB", "pt_BR") by keeping the primary subtag.
  std::size_t sep = code.find_first_of("-_");
  if (sep != std::string::npos) code.resize(sep);
  for (char& c : code) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return code;
}

const std::vector<std::string>& known_keys() {
  static const std::vector<std::string> kKeys = [] {
    std::vector<std::string> keys = canonical_field_names();
    keys.push_back("op");
    return keys;
  }();
  return kKeys;
}

}  // namespace

const std::vector<std::string>& canonical_field_names() {
  static const std::vector<std::string> kNames = {
      "id",        "url",           "title",      "summary",   "body",         "authors",
      "source",    "section",       "tags",       "language",  "published_at", "updated_at",
      "image_url", "embargo_until", "expires_at", "correction"};
  return kNames;
}

bool is_language_code(std::string_view code) {
  return code.size() == 2 && code[0] >= 'a' && code[0] <= 'z' && code[1] >= 'a' && code[1] <= 'z';
}

Record record_from_json(const json& object, const std::string& default_language,
                        const ArticleLimits& limits) {
  if (!object.is_object()) return Rejection{"expected a JSON object"};

  std::string op = "upsert";
  if (auto it = object.find("op"); it != object.end()) {
    if (!it->is_string()) return Rejection{"op must be a string"};
    op = it->get<std::string>();
    if (op != "upsert" && op != "index" && op != "delete") {
      return Rejection{"unknown op '" + std::string(utf8_prefix(op, 40)) +
                       "' (expected upsert or delete)"};
    }
  }

  Article a;
  std::string err;
  if (!(err = read_id(object, &a.id)).empty()) return Rejection{err};
  if (!(err = read_string(object, "url", &a.url)).empty()) return Rejection{err};
  a.id = fold_whitespace(a.id);
  a.url = fold_whitespace(a.url);
  if (a.id.empty()) a.id = a.url;
  if (a.id.empty()) return Rejection{"missing id (and no url to use instead)"};
  if (a.id.size() > limits.max_id_bytes) {
    return Rejection{"id is longer than " + std::to_string(limits.max_id_bytes) + " bytes"};
  }
  // A NUL or other control character in an id would reach Xapian's id term (where each NUL
  // takes two bytes of the key) and the URL of /v1/articles/{id}: no real id has one.
  for (char c : a.id) {
    if (static_cast<unsigned char>(c) < 0x20 || c == '\x7f') {
      return Rejection{"id contains a control character"};
    }
  }
  if (op == "delete") return DeleteOp{a.id};

  for (auto [key, out] :
       {std::pair{"title", &a.title}, std::pair{"summary", &a.summary}, std::pair{"body", &a.body},
        std::pair{"source", &a.source}, std::pair{"section", &a.section},
        std::pair{"image_url", &a.image_url}, std::pair{"correction", &a.correction}}) {
    if (!(err = read_string(object, key, out)).empty()) return Rejection{err};
  }
  a.title = fold_whitespace(a.title);
  if (a.title.empty()) return Rejection{"missing title"};
  a.source = fold_whitespace(a.source);
  a.section = fold_whitespace(a.section);

  if (!(err = read_string_list(object, "authors", &a.authors)).empty()) return Rejection{err};
  if (!(err = read_string_list(object, "tags", &a.tags)).empty()) return Rejection{err};

  std::string language;
  if (!(err = read_string(object, "language", &language)).empty()) return Rejection{err};
  if (language.empty()) {
    // Not given: detected from the text, else the schema's default.
    std::string text = a.title;
    text += '\n';
    text += a.summary;
    text += '\n';
    text += std::string_view(a.body).substr(0, 8192);
    a.language = detect_language(text, default_language);
  } else {
    a.language = normalise_language(language);
  }
  if (!is_language_code(a.language)) {
    return Rejection{"language '" + std::string(utf8_prefix(language, 20)) +
                     "' is not an ISO 639-1 code"};
  }

  if (!(err = read_date(object, "published_at", &a.published_at)).empty()) return Rejection{err};
  if (!(err = read_date(object, "updated_at", &a.updated_at)).empty()) return Rejection{err};
  if (!(err = read_date(object, "embargo_until", &a.embargo_until)).empty()) return Rejection{err};
  if (!(err = read_date(object, "expires_at", &a.expires_at)).empty()) return Rejection{err};
  // An article that expires before its embargo lifts would never be seen: a typo in one of the
  // two, which an editor wants to hear about rather than find out from a reader.
  if (a.embargo_until && a.expires_at && *a.expires_at <= *a.embargo_until) {
    return Rejection{"expires_at is not after embargo_until: the article would never be visible"};
  }
  a.correction = fold_whitespace(a.correction);

  const auto& known = known_keys();
  for (const auto& [key, value] : object.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) a.extra[key] = value;
  }
  return a;
}

std::vector<std::string> cap_oversized_fields(json& object, const ArticleLimits& limits) {
  std::vector<std::string> warnings;
  if (!object.is_object()) return warnings;
  auto limit_for = [&limits](const std::string& key) {
    if (key == "title") return limits.max_title_bytes;
    if (key == "summary") return limits.max_summary_bytes;
    if (key == "body") return limits.max_body_bytes;
    return limits.max_other_bytes;
  };
  auto cap = [&warnings](const std::string& key, json& value, std::size_t max) {
    if (!value.is_string()) return;
    const std::string& text = value.get_ref<const std::string&>();
    if (text.size() <= max) return;
    value = std::string(utf8_prefix(text, max));
    warnings.push_back(key + " cut to " + std::to_string(max) + " bytes");
  };
  for (const std::string& key : canonical_field_names()) {
    if (key == "id") continue;
    auto it = object.find(key);
    if (it == object.end()) continue;
    std::size_t max = limit_for(key);
    if (it->is_array()) {
      for (json& element : *it) cap(key, element, max);
    } else {
      cap(key, *it, max);
    }
  }
  return warnings;
}

nlohmann::ordered_json article_to_json(const Article& a) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  auto put = [&j](const char* key, const std::string& value) {
    if (!value.empty()) j[key] = value;
  };
  put("id", a.id);
  put("url", a.url);
  put("title", a.title);
  put("summary", a.summary);
  put("body", a.body);
  if (!a.authors.empty()) j["authors"] = a.authors;
  put("source", a.source);
  put("section", a.section);
  if (!a.tags.empty()) j["tags"] = a.tags;
  put("language", a.language);
  if (a.published_at) j["published_at"] = format_rfc3339(*a.published_at);
  if (a.updated_at) j["updated_at"] = format_rfc3339(*a.updated_at);
  put("image_url", a.image_url);
  if (a.embargo_until) j["embargo_until"] = format_rfc3339(*a.embargo_until);
  if (a.expires_at) j["expires_at"] = format_rfc3339(*a.expires_at);
  put("correction", a.correction);
  for (const auto& [key, value] : a.extra.items()) j[key] = value;
  return j;
}

Article article_from_stored_json(const json& stored) {
  Record r = record_from_json(stored, "en");
  if (auto* a = std::get_if<Article>(&r)) return std::move(*a);
  // Stored data was validated when written; a failure here means the index is not ours.
  Article a;
  a.id = stored.value("id", "");
  a.title = stored.value("title", "");
  return a;
}

std::optional<std::int64_t> date_value(const Article& a, std::string_view field) {
  if (field == "published_at") return a.published_at;
  if (field == "updated_at") return a.updated_at;
  if (field == "embargo_until") return a.embargo_until;
  if (field == "expires_at") return a.expires_at;
  return std::nullopt;
}

bool visible_at(const Article& a, std::int64_t now) {
  return (!a.embargo_until || *a.embargo_until <= now) && (!a.expires_at || now < *a.expires_at);
}

std::vector<std::string> field_values(const Article& a, std::string_view field) {
  auto one = [](const std::string& v) {
    return v.empty() ? std::vector<std::string>{} : std::vector<std::string>{v};
  };
  if (field == "id") return one(a.id);
  if (field == "url") return one(a.url);
  if (field == "title") return one(a.title);
  if (field == "summary") return one(a.summary);
  if (field == "body") return one(a.body);
  if (field == "authors") return a.authors;
  if (field == "source") return one(a.source);
  if (field == "section") return one(a.section);
  if (field == "tags") return a.tags;
  if (field == "language") return one(a.language);
  if (field == "image_url") return one(a.image_url);
  if (field == "correction") return one(a.correction);
  return {};
}

}  // namespace dateline
