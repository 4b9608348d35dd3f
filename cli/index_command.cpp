#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <memory>

#include <unistd.h>

#include "cli/commands.h"
#include "cli/job_report.h"
#include "core/error.h"
#include "index/database.h"
#include "index/format.h"
#include "index/topology.h"
#include "indexer/bulk_writer.h"
#include "indexer/index_job.h"
#include "indexer/resharder.h"
#include "schema/schema.h"

namespace dateline::cli {
namespace {

struct IndexArgs {
  std::string db;
  std::string schema;
  std::vector<std::string> inputs;
  std::size_t commit_every = 10000;
  std::string format;
  std::vector<std::string> maps;
  std::string rejects;
  bool dry_run = false;
  bool quiet = false;
  bool wait = false;
  bool json = false;
  unsigned jobs = 0;
  std::size_t memory_mb = 1024;
  std::size_t shard_documents = 10000;
  int block_size = 0;
  std::size_t max_record_bytes = ReaderOptions{}.max_record_bytes;
  std::size_t max_document_bytes = ReaderOptions{}.max_document_bytes;
  std::size_t max_json_depth = ReaderOptions{}.max_json_depth;
  std::uint64_t max_decompressed_bytes = InputLimits{}.max_decompressed_bytes;
  std::string newsroom_store;
  bool allow_taken_down = false;
  std::size_t shards = 0;  // make a new sharded index of this many shards (0: as --db is)
};

// Progress on stderr: redrawn in place on a terminal, a plain line every 5 s otherwise.
class ProgressLine {
 public:
  ProgressLine() : terminal_(isatty(2) == 1) {}

  void update(const JobProgress& progress) {
    auto now = std::chrono::steady_clock::now();
    if (!terminal_) {
      if (now - last_ < std::chrono::seconds(5)) return;
      last_ = now;
      std::cerr << "progress: " << progress_to_text(progress) << std::endl;
      return;
    }
    std::cerr << "\r\x1b[K" << progress_to_text(progress) << std::flush;
    drawn_ = true;
  }

  // Clears the live line so that the next message starts on a clean line.
  void clear() {
    if (drawn_) std::cerr << "\r\x1b[K" << std::flush;
    drawn_ = false;
  }

 private:
  bool terminal_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

// What the operator of an index built with an older schema version should know, or "" (also
// when there is no index yet, or it cannot be read: the job says why).
std::string upgrade_note(const std::string& db, const Schema& schema) {
  if (!std::filesystem::exists(db)) return "";
  try {
    Xapian::Database existing = open_index_for_reading(db);
    if (existing.get_metadata(kSchemaMetadataKey).empty()) return "";
    return schema_upgrade_note(stored_schema(existing, db), schema, db);
  } catch (const std::exception&) {
    return "";
  } catch (const Xapian::Error&) {
    return "";
  }
}

// --shards N: a new sharded index at `db`, or the one there when it has N shards.
void prepare_sharded(const std::string& db, std::size_t shards, const Schema& schema) {
  if (!std::filesystem::exists(db)) {
    create_sharded_index(db, shards, schema);
    return;
  }
  if (!names_topology(db)) {
    throw Error(ErrorKind::kInvalidArgument,
                db + " is a single index; split it with dateline reshard --db " + db +
                    " --out NEW --shards " + std::to_string(shards));
  }
  std::string has = open_index_for_reading(db).get_metadata(kShardCountMetadataKey);
  if (has != std::to_string(shards)) {
    throw Error(ErrorKind::kInvalidArgument,
                db + " has " + (has.empty() ? "an unknown number of" : has) + " shards, not " +
                    std::to_string(shards) + "; reshard a single index to change the count");
  }
}

int run_index(const IndexArgs& args) {
  Schema schema = load_schema_file(args.schema);
  IndexOptions options;
  options.commit_every = args.commit_every;
  options.wait_for_lock = args.wait;
  options.dry_run = args.dry_run;
  options.rejects_path = args.rejects;
  options.jobs = args.jobs;
  options.memory_mb = args.memory_mb;
  options.shard_documents = args.shard_documents;
  options.block_size = args.block_size;
  options.max_record_bytes = args.max_record_bytes;
  options.max_document_bytes = args.max_document_bytes;
  options.max_json_depth = args.max_json_depth;
  options.newsroom_store = args.newsroom_store;
  options.allow_taken_down = args.allow_taken_down;
  options.input_limits.max_decompressed_bytes = args.max_decompressed_bytes;
  if (!args.format.empty()) {
    options.format = parse_format(args.format);
    if (!options.format) {
      throw Error(ErrorKind::kInvalidArgument, "unknown format '" + args.format +
                                                   "' (expected jsonl, json, csv, tsv, rss, "
                                                   "atom or html)");
    }
  }
  for (const std::string& spec : args.maps) options.field_map.push_back(parse_field_mapping(spec));
  auto progress = std::make_shared<ProgressLine>();
  auto report = [progress](const std::string& file, std::size_t line, const std::string& reason) {
    progress->clear();
    std::cerr << file << ":" << line << ": " << reason << "\n";
  };
  options.report_warning = report;
  if (!args.quiet) {
    options.on_progress = [progress](const JobProgress& p) { progress->update(p); };
    options.on_note = [progress](const std::string& note) {
      progress->clear();
      std::cerr << note << std::endl;
    };
  }
  if (args.shards > 0 && !args.dry_run) prepare_sharded(args.db, args.shards, schema);
  // Updates of an index reach replicas as changesets; a bulk build (a new index, several
  // writers) reaches them as one full copy.
  if (args.jobs == 1 || names_topology(args.db) || !index_is_empty(args.db)) {
    keep_changesets_for_replicas();
  }
  if (std::string note = upgrade_note(args.db, schema); !note.empty()) {
    std::cerr << "note: " << note << std::endl;
  }
  IndexSummary summary = run_index_job(args.db, schema, args.inputs, options, report);
  progress->clear();
  if (args.json) {
    std::cout << summary_to_json(summary).dump() << "\n";
  } else {
    std::cout << summary_to_text(summary) << "\n";
  }
  return summary.rejected > 0 ? 2 : 0;
}

}  // namespace

void add_index_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<IndexArgs>();
  args->schema = default_schema_path();
  CLI::App* cmd = app.add_subcommand(
      "index",
      "Index articles from JSON Lines, JSON arrays, CSV/TSV, RSS/Atom feeds and HTML pages "
      "(files, directories, '-' for stdin; .gz and .zst too). Exit 0: all indexed; 2: some "
      "records rejected (the rest indexed); 1: fatal error.");
  cmd->add_option("--db", args->db, "Index directory (created when absent)")->required();
  cmd->add_option("--schema", args->schema, "Schema file for a new index")->capture_default_str();
  cmd->add_option("--commit-every", args->commit_every, "Commit after this many changes")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
  cmd->add_option("--jobs,-j", args->jobs,
                  "Writer threads for building a new or empty index (0: one per core; 1: one "
                  "writer committing as it goes, as for an index that has documents)")
      ->capture_default_str()
      ->check(CLI::Range(0u, 64u));
  cmd->add_option("--memory", args->memory_mb,
                  "MB of documents and spelling words buffered by all writers together (bulk "
                  "build)")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{16}, std::size_t{1'000'000}));
  cmd->add_option("--shards", args->shards,
                  "Make --db a new sharded index of this many shards (docs/SCALING.md); an "
                  "existing one must have as many. Without it, an existing sharded index is "
                  "written as it is")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1024}));
  cmd->add_option("--shard-size", args->shard_documents,
                  "Documents per shard of a bulk build before the writer starts another")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{100}, std::size_t{100'000'000}));
  cmd->add_option("--block-size", args->block_size,
                  "B-tree block size in bytes of a new index: 2048, 4096, 8192 (Xapian's "
                  "default), 16384, 32768 or 65536. Larger blocks search faster and grow more "
                  "when the index is updated (docs/OPERATIONS.md)")
      ->check(CLI::IsMember({2048, 4096, 8192, 16384, 32768, 65536}));
  cmd->add_option("--max-record-bytes", args->max_record_bytes,
                  "Reject a record (JSON Lines line, JSON element, CSV row, HTML page) longer "
                  "than this, unread")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 30));
  cmd->add_option("--max-document-bytes", args->max_document_bytes,
                  "Reject an RSS/Atom feed longer than this, unread")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1024}, std::size_t{1} << 31));
  cmd->add_option("--max-json-depth", args->max_json_depth,
                  "Reject JSON nested deeper than this many arrays and objects, unparsed")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{4}, std::size_t{1000}));
  cmd->add_option("--max-decompressed-bytes", args->max_decompressed_bytes,
                  "Stop a .gz/.zst input that decompresses to more than this (0: no limit)")
      ->capture_default_str();
  cmd->add_option("--format", args->format,
                  "Read every input as jsonl|json|csv|tsv|rss|atom|html (default: detect from "
                  "the name and content)");
  cmd->add_option("--map", args->maps,
                  "column=field: read an input column or key as a canonical field (repeatable)")
      ->allow_extra_args(false);
  cmd->add_option(
      "--rejects", args->rejects,
      "Write each rejected record (file, line, reason, raw text) to FILE as JSON Lines");
  cmd->add_option("--newsroom-store", args->newsroom_store,
                  "The takedowns store every record is checked against (default: "
                  "newsroom.sqlite beside the index)")
      ->envname("DATELINE_NEWSROOM_STORE");
  cmd->add_flag("--allow-taken-down", args->allow_taken_down,
                "Index records whose id was taken down (a lawyer's decision; the takedown "
                "stays on record)");
  cmd->add_flag("--dry-run", args->dry_run, "Read and validate everything; write nothing");
  cmd->add_flag("--quiet,-q", args->quiet, "No progress reports (the summary still prints)");
  cmd->add_flag("--wait", args->wait, "Wait for another writer to finish instead of failing");
  cmd->add_flag("--json", args->json, "Print the summary as JSON");
  cmd->add_option("inputs", args->inputs, "Input files or directories, or - for standard input")
      ->required();
  cmd->callback(
      [args, &exit_code] { exit_code = guarded("index", [&] { return run_index(*args); }); });
}

}  // namespace dateline::cli
