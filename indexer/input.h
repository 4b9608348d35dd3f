// Opening indexer inputs as streams.
#pragma once

#include <istream>
#include <memory>
#include <string>

namespace dateline {

// Opens `path` for reading ("-" is standard input). gzip-compressed input is detected from its
// magic bytes, whatever the file is called, and decompressed on the fly; other input is read
// as-is. Throws Error(kNotFound) when the file cannot be opened.
std::unique_ptr<std::istream> open_input(const std::string& path);

}  // namespace dateline
