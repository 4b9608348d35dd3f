// What every format reader shares once it has decoded one record into a JSON object: the column
// mapping (--map), UTF-8 repair, field caps, validation, and the report to the sink.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/json_depth.h"
#include "indexer/record_sink.h"
#include "schema/article.h"

namespace dateline {

// Options common to all readers. Defaults are the documented ones (docs/ARTICLE.md).
struct ReaderOptions {
  std::string default_language = "en";  // for records without "language"
  // A record (a JSON Lines line, a JSON array element, a CSV row, an HTML page) longer than this
  // is rejected unparsed, and no more than this much of it is held in memory.
  std::size_t max_record_bytes = 8 << 20;
  // An RSS/Atom feed longer than this is rejected unparsed (a feed is parsed whole).
  std::size_t max_document_bytes = 64 << 20;
  // JSON (a record, a JSON array element, a page's JSON-LD) nested deeper than this is rejected
  // before it is parsed: the parser recurses once per level.
  std::size_t max_json_depth = kDefaultMaxJsonDepth;
  // Input name -> canonical field ("link" -> "url"), applied in order before validation. Names
  // not mapped keep their own name: canonical names are used as such, others become extra
  // stored fields.
  std::vector<std::pair<std::string, std::string>> field_map;
  ArticleLimits limits;
  std::string fallback_id;  // an HTML page's id when it names no URL (the job passes the path)
};

// Replaces each byte that does not belong to a well-formed UTF-8 sequence with U+FFFD, in
// place. Returns how many were replaced (0 when `text` was valid).
std::size_t repair_utf8(std::string& text);

// Parses "column=field" (as given to --map). Throws Error(kInvalidArgument) when there is no '='
// or either side is empty.
std::pair<std::string, std::string> parse_field_mapping(const std::string& spec);

// Maps, caps (one on_field_cut per cut field) and validates `object`, then sends the article,
// delete or rejection for the record that starts at `line`; `raw` is the record's input text,
// passed along with a rejection.
void emit_object(nlohmann::json object, std::size_t line, std::string_view raw, RecordSink& sink,
                 const ReaderOptions& options);

}  // namespace dateline
