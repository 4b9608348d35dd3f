// An indexing job: inputs (files, directories, stdin; gzip/zstd) -> the reader for each input's
// format -> validation -> document builder -> the writer, with batch commits, per-record error
// reporting, a rejects file, a dry-run mode and progress reports.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "indexer/input.h"
#include "indexer/record_emitter.h"
#include "schema/schema.h"

namespace dateline {

// Where a running job is, for progress lines.
struct JobProgress {
  std::size_t records = 0;        // records read so far
  std::uint64_t bytes_done = 0;   // input bytes read (compressed bytes for compressed input)
  std::uint64_t bytes_total = 0;  // sum of the input files' sizes; 0 when unknown (stdin)
  double seconds = 0;             // since the job started
};

// Called once per event (a rejected record, a warning) with the file and the record's line.
using RejectReporter =
    std::function<void(const std::string& file, std::size_t line, const std::string& reason)>;

struct IndexOptions {
  std::size_t commit_every = 10000;  // commit after this many changes (upserts + deletes)
  bool wait_for_lock = false;        // wait for another writer instead of failing
  std::optional<Format> format;      // every input in this format; unset: detect per input
  std::vector<std::pair<std::string, std::string>> field_map;  // --map column=field, in order
  // Bounds on hostile input (see ReaderOptions and InputLimits for each; docs/INDEXING.md).
  std::size_t max_record_bytes = ReaderOptions{}.max_record_bytes;
  std::size_t max_document_bytes = ReaderOptions{}.max_document_bytes;
  std::size_t max_json_depth = ReaderOptions{}.max_json_depth;
  InputLimits input_limits;
  bool dry_run = false;           // read and validate everything; never open the index for writing
  std::string rejects_path;       // when set, each rejected record is written there as JSON Lines
  RejectReporter report_warning;  // "warning: body cut to 1048576 bytes"; may be empty
  // Shard writer threads for a bulk build (see indexer/bulk_writer.h), used when the index is
  // new or empty; 0 = one per core. 1 = always the one incremental writer, committing every
  // `commit_every` changes as it goes.
  unsigned jobs = 0;
  std::size_t memory_mb = 1024;         // bulk build: bound on what the writers buffer
  std::size_t shard_documents = 10000;  // bulk build: documents per shard before a new one
  // B-tree block size in bytes of an index this job creates (0: Xapian's 8192). An index that
  // already has documents keeps its own, and on_note says so.
  int block_size = 0;
  // Called once with a line about a step that prints no progress (the bulk merge); may be empty.
  std::function<void(const std::string&)> on_note;
  // Called about four times a second while records are read; may be empty.
  std::function<void(const JobProgress&)> on_progress;
  // The newsroom store whose takedowns every record is checked against
  // (indexer/newsroom_store.h); "" = default_newsroom_store(db). A record with a taken-down id is
  // rejected ("taken down on DATE: REASON") unless allow_taken_down.
  std::string newsroom_store;
  bool allow_taken_down = false;
};

struct IndexSummary {
  std::size_t read = 0;            // non-blank records read
  std::size_t indexed = 0;         // articles added or replaced (dry run: that would be)
  std::size_t deleted = 0;         // deletes that removed an article (dry run: that would)
  std::size_t delete_missing = 0;  // deletes of ids that were not in the index
  std::size_t rejected = 0;        // records refused, each reported
  std::size_t repaired = 0;        // records whose invalid UTF-8 was replaced with U+FFFD
  std::size_t fields_cut = 0;      // oversized fields cut to their limit, each warned about
  std::size_t commits = 0;
  unsigned writers = 1;       // writer threads used (more than 1: a bulk build)
  std::size_t documents = 0;  // documents in the index after the job (dry run: before it)
  double seconds = 0;
  bool dry_run = false;
};

// Runs the job. Directories are expanded (see expand_inputs) and every input is checked to be
// readable before the index is opened, so a typo in a file name changes nothing. Input "-" is
// standard input. Throws Error(kNotFound) for an unreadable input or rejects file, and the
// writer's errors (kLocked, kUnavailable); bad records never throw. A decompression error ends
// that input with a rejection at its last line; the next input is read.
IndexSummary run_index_job(const std::string& db_path, const Schema& schema,
                           const std::vector<std::string>& inputs, const IndexOptions& options,
                           const RejectReporter& report_reject);

// Sends every record of `in`, read as `format`, to `sink`; returns the number of records read.
std::size_t read_records(Format format, std::istream& in, RecordSink& sink,
                         const ReaderOptions& options);

}  // namespace dateline
