// Reader for JSON Lines: one canonical article (or {"op":"delete","id":...}) per line.
#pragma once

#include <cstddef>
#include <istream>
#include <string>

#include "indexer/record_emitter.h"
#include "indexer/record_sink.h"

namespace dateline {

// Reads `in` to the end, sending each non-blank line to `sink` as an article, a delete or a
// rejection ("invalid JSON: ...", "missing title", ...). A line longer than
// options.max_record_bytes is rejected ("line is longer than N bytes") without being held whole,
// and one nested deeper than options.max_json_depth ("JSON nested deeper than N levels") without
// being parsed. Invalid UTF-8 is repaired to U+FFFD (reported with on_repair) before parsing. A
// UTF-8 byte-order mark on the first line and a trailing '\r' on each line are ignored. Returns the
// number of non-blank lines read.
std::size_t read_jsonl(std::istream& in, RecordSink& sink, const ReaderOptions& options = {});

// nlohmann's parse error without its "[json.exception...] parse error at line 1, " preamble:
// "invalid JSON at column 5: ...", or for other failures of the parser (a number out of range)
// "invalid JSON: number overflow parsing '1e380'".
std::string describe_json_error(const nlohmann::json::exception& e);

}  // namespace dateline
