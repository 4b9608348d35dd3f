// Where format readers send what they read. Readers never throw for bad records: a malformed
// record is data, reported with its line number, and reading goes on with the next one.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "schema/article.h"

namespace dateline {

class RecordSink {
 public:
  virtual ~RecordSink() = default;

  // A valid article read from input line `line` (1-based; the record's first line).
  virtual void on_article(std::size_t line, Article article) = 0;

  // A request to delete the article with `id`.
  virtual void on_delete(std::size_t line, const std::string& id) = 0;

  // A record that was not accepted, and why.
  virtual void on_reject(std::size_t line, const std::string& reason) = 0;

  // A rejection with the record's raw input text, for --rejects. By default forwards to
  // on_reject; readers call this one when they have the raw text.
  virtual void on_reject_raw(std::size_t line, const std::string& reason, std::string_view raw) {
    static_cast<void>(raw);
    on_reject(line, reason);
  }

  // Something about the record at `line` (or the input around it) worth telling, one line per
  // event: "warning: feed is not well-formed XML (...); reading what can be recovered".
  virtual void on_warning(std::size_t line, const std::string& message) {
    static_cast<void>(line);
    static_cast<void>(message);
  }

  // A record that was accepted after a field was cut to its limit, one call per cut field;
  // `message` says which: "warning: body cut to 1048576 bytes". By default forwards to
  // on_warning.
  virtual void on_field_cut(std::size_t line, const std::string& message) {
    on_warning(line, message);
  }

  // `count` invalid UTF-8 sequences in the record at `line` were replaced with U+FFFD.
  virtual void on_repair(std::size_t line, std::size_t count) {
    static_cast<void>(line);
    static_cast<void>(count);
  }
};

}  // namespace dateline
