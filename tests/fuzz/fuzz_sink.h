// A RecordSink for fuzz targets: touches what each event carries (so the fuzzer sees the work
// done) and keeps nothing, so memory stays flat however long the run.
#pragma once

#include <string>

#include "indexer/record_sink.h"

namespace dateline::fuzz {

class DiscardingSink : public RecordSink {
 public:
  void on_article(std::size_t line, Article article) override {
    seen_ += line + article.id.size() + article.title.size() + article.body.size();
  }
  void on_delete(std::size_t line, const std::string& id) override { seen_ += line + id.size(); }
  void on_reject(std::size_t line, const std::string& reason) override {
    seen_ += line + reason.size();
  }

 private:
  std::size_t seen_ = 0;
};

// Limits low enough that one input is read quickly, whatever the fuzzer makes of it.
inline ReaderOptions small_limits() {
  ReaderOptions options;
  options.max_record_bytes = 64 * 1024;
  options.max_document_bytes = 256 * 1024;
  options.max_json_depth = 32;
  options.fallback_id = "fuzz.html";
  return options;
}

}  // namespace dateline::fuzz
