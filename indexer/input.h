// Opening indexer inputs: files, directories and standard input; gzip and zstd decompression;
// telling the format of each input.
#pragma once

#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dateline {

// The input formats the indexer reads. kRss and kAtom share one reader.
enum class Format { kJsonl, kJson, kCsv, kTsv, kRss, kAtom, kHtml };

// "jsonl", "json", "csv", "tsv", "rss", "atom", "html" (as given to --format), or nullopt.
std::optional<Format> parse_format(std::string_view name);
const char* format_name(Format format);

// Bounds on what one compressed input may decompress to: a few MB of gzip'd zeros inflate to
// gigabytes. Plain inputs are bounded by their own size and are not affected.
struct InputLimits {
  // Decompressed bytes per input; past it the stream ends with error() "decompressed size
  // exceeds N bytes". 0: no bound.
  std::uint64_t max_decompressed_bytes = std::uint64_t{1} << 30;
  // Decompressed bytes per compressed byte read, checked once more than 64 MiB have come out
  // (text compresses 3-20 times; gzip's ceiling is about 1,032). Past it the stream ends with
  // error() "decompression ratio exceeds N:1". 0: no bound.
  std::uint64_t max_decompression_ratio = 1000;
};

// One opened input. The stream yields decompressed bytes; gzip (also concatenated members) and
// zstd are recognised by their magic bytes, whatever the file is called.
class Input {
 public:
  virtual ~Input() = default;
  virtual std::istream& stream() = 0;
  // Up to the first 4 KiB of decompressed content (also still readable from stream()).
  virtual std::string_view head() const = 0;
  // Bytes read from the file so far (compressed bytes for compressed input), for progress.
  virtual std::uint64_t bytes_read() const = 0;
  // Why decompression stopped early ("truncated gzip data", ...), or "" when it did not.
  virtual const std::string& error() const = 0;
};

// Opens `path` ("-" is standard input), decompressing within `limits`. Throws Error(kNotFound)
// when it cannot be opened.
std::unique_ptr<Input> open_input_file(const std::string& path, const InputLimits& limits = {});

// Opens `path` and returns just its decompressed stream (kept for callers that need no more).
std::unique_ptr<std::istream> open_input(const std::string& path);

// The format of an input named `path` whose content starts with `head`: by extension (after
// .gz/.zst) for .jsonl/.ndjson, .csv, .tsv/.tab, .html/.htm, .rss, .atom; otherwise by content:
// '[' is a JSON array, '{' JSON Lines, <rss or <rdf:RDF RSS, <feed Atom, <html or <!doctype html
// HTML. Anything else is read as JSON Lines.
Format detect_format(const std::string& path, std::string_view head);

// True for file names with an input format's extension (.jsonl .ndjson .json .csv .tsv .tab .html
// .htm .xhtml .rss .atom .xml, optionally followed by .gz or .zst).
bool is_input_name(const std::string& filename);

// Expands directories in `inputs` into the input files below them (recursively, sorted by path;
// only names for which is_input_name holds, so a README or a .DS_Store is not read; hidden files
// and directories, whose names start with '.', are skipped); files named directly and "-" stay as
// they are, in order, whatever their names. Throws Error(kNotFound) for a path that does not exist.
std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs);

}  // namespace dateline
