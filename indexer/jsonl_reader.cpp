#include "indexer/jsonl_reader.h"

#include <nlohmann/json.hpp>

#include "core/json_depth.h"
#include "indexer/bounded_read.h"

namespace dateline {
namespace {

bool is_blank(const std::string& line) {
  return line.find_first_not_of(" \t\r\n") == std::string::npos;
}

}  // namespace

std::string describe_json_error(const nlohmann::json::exception& e) {
  std::string what = e.what();
  std::size_t at = what.find("column ");
  if (at != std::string::npos) return "invalid JSON at " + what.substr(at);
  // Other parse failures ("number overflow parsing '1e380'"): without the "[json.exception...] "
  // preamble.
  if (std::size_t end = what.find("] ");
      what.rfind("[json.exception", 0) == 0 && end != std::string::npos) {
    what = what.substr(end + 2);
  }
  return "invalid JSON: " + what;
}

std::size_t read_jsonl(std::istream& in, RecordSink& sink, const ReaderOptions& options) {
  std::string line;
  std::size_t line_no = 0;
  std::size_t records = 0;
  // One byte past the limit is kept so that a line of exactly the limit plus its '\r' fits.
  const std::size_t keep = options.max_record_bytes + 1;
  while (std::optional<std::size_t> length = read_line_bounded(in, line, keep)) {
    ++line_no;
    if (line_no == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (*length <= keep && !line.empty() && line.back() == '\r') line.pop_back();
    if (*length <= keep && is_blank(line)) continue;
    ++records;
    if (*length > keep || line.size() > options.max_record_bytes) {
      sink.on_reject_raw(
          line_no, "line is longer than " + std::to_string(options.max_record_bytes) + " bytes",
          std::string_view(line).substr(0, 4096));
      continue;
    }
    if (std::size_t repaired = repair_utf8(line)) sink.on_repair(line_no, repaired);
    if (!json_depth_within(line, options.max_json_depth)) {
      sink.on_reject_raw(line_no, json_depth_reason(options.max_json_depth),
                         std::string_view(line).substr(0, 4096));
      continue;
    }
    nlohmann::json object;
    try {
      object = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {  // parse_error, and out_of_range for 1e380
      sink.on_reject_raw(line_no, describe_json_error(e), line);
      continue;
    }
    emit_object(std::move(object), line_no, line, sink, options);
  }
  return records;
}

}  // namespace dateline
