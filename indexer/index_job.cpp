#include "indexer/index_job.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <thread>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "core/error.h"
#include "indexer/csv_reader.h"
#include "indexer/feed_reader.h"
#include "indexer/html_reader.h"
#include "indexer/job_writer.h"
#include "indexer/json_array_reader.h"
#include "indexer/jsonl_reader.h"
#include "indexer/newsroom_store.h"

namespace dateline {
namespace {

using Clock = std::chrono::steady_clock;

// Sends records to the job's writer as they are read, committing every `commit_every` changes,
// and counts and reports what happened to each.
class JobSink : public RecordSink {
 public:
  JobSink(JobWriter& writer, const IndexOptions& options, IndexSummary& summary,
          const RejectReporter& report, std::map<std::string, Takedown> takedowns)
      : writer_(writer),
        options_(options),
        summary_(summary),
        report_(report),
        takedowns_(std::move(takedowns)) {}

  void set_file(const std::string& file) { file_ = file; }
  void set_rejects(std::ostream* rejects) { rejects_ = rejects; }
  std::size_t last_line() const { return last_line_; }
  std::size_t records() const { return records_; }
  void set_tick(std::function<void()> tick) { tick_ = std::move(tick); }

  void on_article(std::size_t line, Article article) override {
    seen(line);
    // No job brings back an article taken down for legal or rights reasons: not an update, not a
    // bulk build of a new index from the archive, not a restore.
    if (auto it = takedowns_.find(article.id); it != takedowns_.end()) {
      return reject(line, taken_down_reason(it->second), {});
    }
    // Xapian refuses a document it cannot store (InvalidArgumentError: a term or key too long)
    // when it is added: that record is rejected and the job goes on. Any other failure of the
    // index is the job's, not the record's, and ends it.
    try {
      writer_.upsert(std::move(article));
    } catch (const Xapian::InvalidArgumentError& e) {
      return reject(line, "cannot index this article: " + e.get_msg(), {});
    } catch (const Error& e) {
      if (e.kind() != ErrorKind::kInvalidArgument) throw;
      return reject(line, e.what(), {});
    }
    ++summary_.indexed;
    changed();
  }

  void on_delete(std::size_t line, const std::string& id) override {
    seen(line);
    if (writer_.remove(id)) {
      ++summary_.deleted;
      changed();
    } else {
      ++summary_.delete_missing;
    }
  }

  void on_reject(std::size_t line, const std::string& reason) override {
    on_reject_raw(line, reason, {});
  }

  void on_reject_raw(std::size_t line, const std::string& reason, std::string_view raw) override {
    seen(line);
    reject(line, reason, raw);
  }

  void on_warning(std::size_t line, const std::string& message) override {
    if (options_.report_warning) options_.report_warning(file_, line, message);
  }

  void on_field_cut(std::size_t line, const std::string& message) override {
    ++summary_.fields_cut;
    on_warning(line, message);
  }

  void on_repair(std::size_t line, std::size_t) override {
    if (line != repaired_line_ || file_ != repaired_file_) ++summary_.repaired;
    repaired_line_ = line;
    repaired_file_ = file_;
  }

  void commit() {
    writer_.commit();
    pending_ = 0;
  }

 private:
  // Counts and reports a rejected record (already seen()).
  void reject(std::size_t line, const std::string& reason, std::string_view raw) {
    ++summary_.rejected;
    if (report_) report_(file_, line, reason);
    if (rejects_ != nullptr) {
      nlohmann::json entry = {{"file", file_}, {"line", line}, {"reason", reason}};
      if (!raw.empty()) entry["raw"] = std::string(raw);
      *rejects_ << entry.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    }
  }

  void seen(std::size_t line) {
    last_line_ = line;
    ++records_;
    if (tick_ && (records_ & 63) == 0) tick_();
  }

  void changed() {
    if (++pending_ >= options_.commit_every) commit();
  }

  JobWriter& writer_;
  const IndexOptions& options_;
  IndexSummary& summary_;
  const RejectReporter& report_;
  std::map<std::string, Takedown> takedowns_;  // by id; empty with allow_taken_down
  std::ostream* rejects_ = nullptr;
  std::string file_;
  std::size_t pending_ = 0;
  std::size_t last_line_ = 0;
  std::size_t records_ = 0;
  std::size_t repaired_line_ = 0;
  std::string repaired_file_;
  std::function<void()> tick_;
};

std::vector<std::string> check_inputs(const std::vector<std::string>& given) {
  if (given.empty()) throw Error(ErrorKind::kInvalidArgument, "no input files given");
  std::vector<std::string> inputs = expand_inputs(given);
  for (const std::string& input : inputs) {
    if (input != "-") open_input_file(input);  // throws when unreadable (permissions)
  }
  return inputs;
}

std::uint64_t total_size(const std::vector<std::string>& inputs) {
  std::uint64_t total = 0;
  for (const std::string& input : inputs) {
    if (input == "-") return 0;
    std::error_code ec;
    auto size = std::filesystem::file_size(input, ec);
    if (!ec) total += size;
  }
  return total;
}

std::string display_name(const std::string& input) { return input == "-" ? "<stdin>" : input; }

}  // namespace

std::size_t read_records(Format format, std::istream& in, RecordSink& sink,
                         const ReaderOptions& options) {
  switch (format) {
    case Format::kJsonl:
      return read_jsonl(in, sink, options);
    case Format::kJson:
      return read_json_array(in, sink, options);
    case Format::kCsv:
      return read_csv(in, sink, options, CsvOptions{',', '"'});
    case Format::kTsv:
      return read_csv(in, sink, options, CsvOptions{'\t', '"'});
    case Format::kRss:
    case Format::kAtom:
      return read_feed(in, sink, options);
    case Format::kHtml:
      return read_html(in, sink, options);
  }
  return 0;
}

IndexSummary run_index_job(const std::string& db_path, const Schema& schema,
                           const std::vector<std::string>& given_inputs,
                           const IndexOptions& options, const RejectReporter& report_reject) {
  if (options.commit_every == 0) {
    throw Error(ErrorKind::kInvalidArgument, "commit interval must be at least 1");
  }
  std::vector<std::string> inputs = check_inputs(given_inputs);
  auto start = Clock::now();
  IndexSummary summary;
  summary.dry_run = options.dry_run;

  std::ofstream rejects;
  if (!options.rejects_path.empty()) {
    rejects.open(options.rejects_path, std::ios::out | std::ios::trunc);
    if (!rejects) {
      throw Error(ErrorKind::kNotFound, "cannot write rejects file " + options.rejects_path);
    }
  }

  JobWriterOptions writer_options;
  writer_options.dry_run = options.dry_run;
  writer_options.jobs =
      options.jobs != 0 ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
  writer_options.wait_for_lock = options.wait_for_lock;
  writer_options.memory_mb = options.memory_mb;
  writer_options.shard_documents = options.shard_documents;
  writer_options.block_size = options.block_size;
  writer_options.on_note = options.on_note;
  writer_options.before_merge = [&] {
    // Jobs long enough to report progress also say what the silent merge is doing.
    if (options.on_note && Clock::now() - start > std::chrono::seconds(5)) {
      options.on_note("merging the shards of " + std::to_string(summary.indexed) +
                      " articles into " + db_path + " ...");
    }
  };
  std::unique_ptr<JobWriter> writer = open_job_writer(db_path, schema, writer_options);
  summary.writers = writer->writers();
  std::map<std::string, Takedown> takedowns;
  if (!options.allow_taken_down) {
    takedowns = load_takedowns(options.newsroom_store.empty() ? default_newsroom_store(db_path)
                                                              : options.newsroom_store);
  }
  // An index restored from before a takedown still holds the article: the server hides it, at a
  // price per search (server/takedown_filter.h); the next job removes it for good.
  if (!options.dry_run) {
    for (const auto& [id, takedown] : takedowns) {
      if (writer->remove(id) && options.on_note) {
        options.on_note("removed " + id + ", " + taken_down_reason(takedown));
      }
    }
  }
  JobSink sink(*writer, options, summary, report_reject, std::move(takedowns));
  if (rejects.is_open()) sink.set_rejects(&rejects);

  ReaderOptions reader_options;
  reader_options.default_language = schema.default_language;
  reader_options.field_map = options.field_map;
  reader_options.max_record_bytes = options.max_record_bytes;
  reader_options.max_document_bytes = options.max_document_bytes;
  reader_options.max_json_depth = options.max_json_depth;

  JobProgress progress;
  progress.bytes_total = total_size(inputs);
  std::uint64_t bytes_before = 0;  // bytes of the inputs already finished
  const Input* current = nullptr;
  auto last_report = start;
  if (options.on_progress) {
    sink.set_tick([&] {
      auto now = Clock::now();
      if (now - last_report < std::chrono::milliseconds(250)) return;
      last_report = now;
      progress.records = sink.records();
      progress.bytes_done = bytes_before + (current ? current->bytes_read() : 0);
      progress.seconds = std::chrono::duration<double>(now - start).count();
      options.on_progress(progress);
    });
  }

  for (const std::string& input : inputs) {
    std::unique_ptr<Input> in = open_input_file(input, options.input_limits);
    current = in.get();
    sink.set_file(display_name(input));
    reader_options.fallback_id = input == "-" ? "" : input;
    Format format = options.format ? *options.format : detect_format(input, in->head());
    summary.read += read_records(format, in->stream(), sink, reader_options);
    if (!in->error().empty()) {
      sink.on_reject(sink.last_line() + 1, in->error() + "; the records before it were read");
    }
    bytes_before += in->bytes_read();
    current = nullptr;
  }
  sink.commit();
  summary.documents = writer->finish();
  summary.commits = writer->commits();
  summary.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return summary;
}

}  // namespace dateline
