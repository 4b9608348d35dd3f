#include "indexer/json_array_reader.h"

#include <string>

#include "core/json_depth.h"
#include "indexer/jsonl_reader.h"

namespace dateline {
namespace {

bool is_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Walks the characters of the input, counting lines.
class CharStream {
 public:
  explicit CharStream(std::istream& in) : buf_(*in.rdbuf()) {}

  int get() {
    int c = buf_.sbumpc();
    if (c == '\n') ++line_;
    return c;
  }
  int peek() { return buf_.sgetc(); }
  std::size_t line() const { return line_; }

  // Skips whitespace; returns the next character without consuming it (EOF at the end).
  int skip_space() {
    int c = peek();
    while (c != EOF && is_space(c)) {
      get();
      c = peek();
    }
    return c;
  }

 private:
  std::streambuf& buf_;
  std::size_t line_ = 1;
};

}  // namespace

std::size_t read_json_array(std::istream& in, RecordSink& sink, const ReaderOptions& options) {
  CharStream chars(in);
  if (chars.peek() == 0xEF) {  // a UTF-8 byte-order mark
    for (int i = 0; i < 3; ++i) chars.get();
  }
  int c = chars.skip_space();
  if (c == EOF) return 0;
  if (c != '[') {
    sink.on_reject(chars.line(), "expected a JSON array ('[') at the top level");
    return 0;
  }
  chars.get();
  std::size_t elements = 0;
  std::string text;
  while (true) {
    c = chars.skip_space();
    if (c == ']' && elements == 0) break;  // []
    if (c == EOF) {
      sink.on_reject(chars.line(), "the array is not closed (missing ']')");
      break;
    }
    std::size_t start_line = chars.line();
    ++elements;
    text.clear();
    // Measured here, as the element is split off, so that no element deeper than the bound (nor
    // the array around it: it is never parsed whole) reaches the parser.
    JsonNesting nesting;
    bool too_long = false, too_deep = false;
    while ((c = chars.peek()) != EOF) {
      if (!nesting.in_string() && nesting.depth() == 0 && (c == ',' || c == ']')) break;
      chars.get();
      nesting.feed(static_cast<char>(c));
      if (nesting.depth() > options.max_json_depth) too_deep = true;
      if (text.size() < options.max_record_bytes) {
        text += static_cast<char>(c);
      } else {
        too_long = true;
      }
    }
    while (!text.empty() && is_space(static_cast<unsigned char>(text.back()))) text.pop_back();
    std::string where = "element " + std::to_string(elements) + ": ";
    if (too_long) {
      sink.on_reject_raw(
          start_line, where + "longer than " + std::to_string(options.max_record_bytes) + " bytes",
          std::string_view(text).substr(0, 4096));
    } else if (too_deep) {
      sink.on_reject_raw(start_line, where + json_depth_reason(options.max_json_depth),
                         std::string_view(text).substr(0, 4096));
    } else if (text.empty()) {
      sink.on_reject(start_line, where + "empty");
    } else {
      if (std::size_t repaired = repair_utf8(text)) sink.on_repair(start_line, repaired);
      try {
        emit_object(nlohmann::json::parse(text), start_line, text, sink, options);
      } catch (const nlohmann::json::exception& e) {  // parse_error; out_of_range for 1e380
        sink.on_reject_raw(start_line, where + describe_json_error(e), text);
      }
    }
    c = chars.get();  // ',' or ']' (or EOF, reported on the next turn)
    if (c == ']') break;
    if (c == EOF) {
      sink.on_reject(chars.line(), "the array is not closed (missing ']')");
      break;
    }
  }
  return elements;
}

}  // namespace dateline
