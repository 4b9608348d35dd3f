// The canonical article: the one shape every input format is turned into, and what the index
// stores for each document. See docs/ARTICLE.md for the field reference.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

namespace dateline {

struct Article {
  std::string id;  // unique; the url when the input had no id
  std::string url;
  std::string title;  // never empty
  std::string summary;
  std::string body;
  std::vector<std::string> authors;
  std::string source;
  std::string section;
  std::vector<std::string> tags;
  std::string language;                      // ISO 639-1, lower case ("en")
  std::optional<std::int64_t> published_at;  // unix seconds, UTC
  std::optional<std::int64_t> updated_at;
  std::string image_url;
  // The newsroom's fields (docs/NEWSROOM.md). Hidden from readers until embargo_until, and from
  // expires_at on; unset: no limit. `correction`: the note shown with a corrected article.
  std::optional<std::int64_t> embargo_until;
  std::optional<std::int64_t> expires_at;
  std::string correction;
  nlohmann::json extra = nlohmann::json::object();  // unknown input fields: stored, not indexed
};

// A request to delete the article with this id: {"op":"delete","id":"..."}.
struct DeleteOp {
  std::string id;
};

// Why a record was not accepted, as one short sentence for "file:line: reason".
struct Rejection {
  std::string reason;
};

using Record = std::variant<Article, DeleteOp, Rejection>;

// Limits applied when validating a record (documented in docs/ARTICLE.md).
struct ArticleLimits {
  std::size_t max_id_bytes = 200;  // longer ids are rejected (Xapian terms are <= 245 bytes)
  // Longer values are cut (at a UTF-8 character boundary) with a warning, not rejected.
  std::size_t max_title_bytes = 1024;         // 1 KiB
  std::size_t max_summary_bytes = 16 * 1024;  // 16 KiB
  std::size_t max_body_bytes = 1 << 20;       // 1 MiB
  std::size_t max_other_bytes = 4 * 1024;     // every other string (url, source, each tag, ...)
};

// The names of the canonical article fields, in documentation order.
const std::vector<std::string>& canonical_field_names();

// True for a two-letter lower-case ISO 639-1 style code ("en", "de").
bool is_language_code(std::string_view code);

// Validates one decoded input object and turns it into an Article, a DeleteOp or a Rejection.
// A record without "language" gets the language detected from its text (schema/language.h), or
// `default_language` when detection is not confident. Never throws for bad data.
Record record_from_json(const nlohmann::json& object, const std::string& default_language,
                        const ArticleLimits& limits = {});

// Cuts oversized string fields of a decoded input object in place, as `limits` says, and returns
// one warning per cut field: "body cut to 1048576 bytes". The id is never cut (an overlong id
// is rejected by record_from_json); extra fields are left alone.
std::vector<std::string> cap_oversized_fields(nlohmann::json& object,
                                              const ArticleLimits& limits = {});

// The stored (and API) form: canonical fields with dates as RFC 3339 UTC strings, empty fields
// left out, then the unknown fields.
nlohmann::ordered_json article_to_json(const Article& article);

// Reads the stored form back. Assumes it was written by article_to_json.
Article article_from_stored_json(const nlohmann::json& stored);

// The value of a canonical date field ("published_at", "updated_at", "embargo_until",
// "expires_at"); nullopt for an unset date or another field.
std::optional<std::int64_t> date_value(const Article& article, std::string_view field);

// Whether a reader may see the article at `now` (unix seconds): past its embargo, before its
// expiry.
bool visible_at(const Article& article, std::int64_t now);

// The string values of a canonical field, for indexing: one element for a single-valued field
// that is set, none when it is empty, each element for authors and tags. Dates give nothing here.
std::vector<std::string> field_values(const Article& article, std::string_view field);

}  // namespace dateline
