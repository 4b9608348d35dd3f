// A RecordSink for reader tests: keeps every event as a line of text ("3 reject missing title")
// and every article, so a test can compare a whole transcript and then look at fields.
#pragma once

#include <string>
#include <vector>

#include "indexer/record_sink.h"

namespace dateline::test {

class RecordingSink : public RecordSink {
 public:
  void on_article(std::size_t line, Article a) override {
    events.push_back(std::to_string(line) + " article " + a.id);
    articles.push_back(std::move(a));
  }
  void on_delete(std::size_t line, const std::string& id) override {
    events.push_back(std::to_string(line) + " delete " + id);
  }
  void on_reject(std::size_t line, const std::string& reason) override {
    events.push_back(std::to_string(line) + " reject " + reason);
  }
  void on_reject_raw(std::size_t line, const std::string& reason, std::string_view raw) override {
    on_reject(line, reason);
    raws.emplace_back(raw);
  }
  void on_warning(std::size_t line, const std::string& message) override {
    events.push_back(std::to_string(line) + " " + message);
  }
  void on_repair(std::size_t line, std::size_t count) override {
    events.push_back(std::to_string(line) + " repaired " + std::to_string(count));
  }

  std::vector<std::string> events;
  std::vector<Article> articles;
  std::vector<std::string> raws;  // raw text of each rejection that came with it
};

}  // namespace dateline::test
