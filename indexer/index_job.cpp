#include "indexer/index_job.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "core/error.h"
#include "indexer/index_writer.h"
#include "indexer/input.h"
#include "indexer/jsonl_reader.h"

namespace dateline {
namespace {

// Applies records to the writer as they are read, committing every `commit_every` changes.
class WriterSink : public RecordSink {
 public:
  WriterSink(IndexWriter& writer, const IndexOptions& options, IndexSummary& summary,
             const RejectReporter& report)
      : writer_(writer), options_(options), summary_(summary), report_(report) {}

  void set_file(const std::string& file) { file_ = file; }

  void on_article(std::size_t, Article article) override {
    writer_.upsert(article);
    ++summary_.indexed;
    changed();
  }

  void on_delete(std::size_t, const std::string& id) override {
    if (writer_.remove(id)) {
      ++summary_.deleted;
      changed();
    } else {
      ++summary_.delete_missing;
    }
  }

  void on_reject(std::size_t line, const std::string& reason) override {
    ++summary_.rejected;
    if (report_) report_(file_, line, reason);
  }

  void commit() {
    writer_.commit();
    ++summary_.commits;
    pending_ = 0;
  }

 private:
  void changed() {
    if (++pending_ >= options_.commit_every) commit();
  }

  IndexWriter& writer_;
  const IndexOptions& options_;
  IndexSummary& summary_;
  const RejectReporter& report_;
  std::string file_;
  std::size_t pending_ = 0;
};

void check_inputs(const std::vector<std::string>& inputs) {
  if (inputs.empty()) throw Error(ErrorKind::kInvalidArgument, "no input files given");
  for (const std::string& input : inputs) {
    if (input == "-") continue;
    std::error_code ec;
    auto status = std::filesystem::status(input, ec);
    if (ec || !std::filesystem::exists(status)) {
      throw Error(ErrorKind::kNotFound, "cannot open " + input + ": no such file");
    }
    if (std::filesystem::is_directory(status)) {
      throw Error(ErrorKind::kInvalidArgument, input + " is a directory; name the files in it");
    }
    open_input(input);  // throws when unreadable (permissions)
  }
}

}  // namespace

IndexSummary run_index_job(const std::string& db_path, const Schema& schema,
                           const std::vector<std::string>& inputs, const IndexOptions& options,
                           const RejectReporter& report_reject) {
  if (options.commit_every == 0) {
    throw Error(ErrorKind::kInvalidArgument, "commit interval must be at least 1");
  }
  check_inputs(inputs);
  auto start = std::chrono::steady_clock::now();
  IndexSummary summary;
  IndexWriter writer(db_path, schema, WriterOptions{options.wait_for_lock});
  WriterSink sink(writer, options, summary, report_reject);
  JsonlOptions reader_options;
  reader_options.default_language = schema.default_language;
  for (const std::string& input : inputs) {
    auto in = open_input(input);
    sink.set_file(input == "-" ? "<stdin>" : input);
    summary.read += read_jsonl(*in, sink, reader_options);
  }
  sink.commit();
  summary.documents = writer.document_count();
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return summary;
}

nlohmann::json summary_to_json(const IndexSummary& s) {
  double rate = s.seconds > 0 ? static_cast<double>(s.indexed) / s.seconds : 0.0;
  return {{"read", s.read},
          {"indexed", s.indexed},
          {"deleted", s.deleted},
          {"delete_missing", s.delete_missing},
          {"rejected", s.rejected},
          {"commits", s.commits},
          {"documents", s.documents},
          {"seconds", std::round(s.seconds * 1000) / 1000},
          {"articles_per_second", std::round(rate * 10) / 10}};
}

std::string summary_to_text(const IndexSummary& s) {
  double rate = s.seconds > 0 ? static_cast<double>(s.indexed) / s.seconds : 0.0;
  char buf[320];
  std::snprintf(buf, sizeof buf,
                "read %zu, indexed %zu, deleted %zu, rejected %zu in %.2f s (%.0f articles/s); "
                "index has %zu documents",
                s.read, s.indexed, s.deleted, s.rejected, s.seconds, rate, s.documents);
  std::string line = buf;
  if (s.delete_missing > 0) {
    line += "; " + std::to_string(s.delete_missing) + " deletes named unknown ids";
  }
  return line;
}

}  // namespace dateline
