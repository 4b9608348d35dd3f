// Reader for JSON Lines: one canonical article (or {"op":"delete","id":...}) per line.
#pragma once

#include <cstddef>
#include <istream>
#include <string>

#include "indexer/record_sink.h"

namespace dateline {

struct JsonlOptions {
  std::string default_language = "en";   // for records without "language"
  std::size_t max_line_bytes = 8 << 20;  // longer lines are rejected, not parsed
};

// Reads `in` to the end, sending each non-blank line to `sink` as an article, a delete or a
// rejection ("invalid JSON: ...", "missing title", ...). A UTF-8 byte-order mark on the first line
// and a trailing '\r' on each line are ignored. Returns the number of non-blank lines read.
std::size_t read_jsonl(std::istream& in, RecordSink& sink, const JsonlOptions& options = {});

}  // namespace dateline
