// Where format readers send what they read. Readers never throw for bad records: a malformed
// record is data, reported with its line number, and reading goes on with the next one.
#pragma once

#include <cstddef>
#include <string>

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
};

}  // namespace dateline
