#include "indexer/jsonl_reader.h"

#include <nlohmann/json.hpp>

#include "core/text.h"

namespace dateline {
namespace {

// nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 1,
// column 5: ..."; keep the part a person needs.
std::string describe_parse_error(const nlohmann::json::parse_error& e) {
  std::string what = e.what();
  std::size_t at = what.find("column ");
  if (at != std::string::npos) what = what.substr(at);
  return "invalid JSON at " + what;
}

bool is_blank(const std::string& line) {
  return line.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace

std::size_t read_jsonl(std::istream& in, RecordSink& sink, const JsonlOptions& options) {
  std::string line;
  std::size_t line_no = 0;
  std::size_t records = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (is_blank(line)) continue;
    ++records;
    if (line.size() > options.max_line_bytes) {
      sink.on_reject(line_no,
                     "line is longer than " + std::to_string(options.max_line_bytes) + " bytes");
      continue;
    }
    if (!is_valid_utf8(line)) {
      sink.on_reject(line_no, "invalid UTF-8");
      continue;
    }
    nlohmann::json object;
    try {
      object = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error& e) {
      sink.on_reject(line_no, describe_parse_error(e));
      continue;
    }
    Record record = record_from_json(object, options.default_language);
    if (auto* article = std::get_if<Article>(&record)) {
      sink.on_article(line_no, std::move(*article));
    } else if (auto* del = std::get_if<DeleteOp>(&record)) {
      sink.on_delete(line_no, del->id);
    } else {
      sink.on_reject(line_no, std::get<Rejection>(record).reason);
    }
  }
  return records;
}

}  // namespace dateline
