#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "indexer/index_job.h"
#include "schema/schema.h"

namespace dateline::cli {
namespace {

struct IndexArgs {
  std::string db;
  std::string schema;
  std::vector<std::string> inputs;
  std::size_t commit_every = 10000;
  bool wait = false;
  bool json = false;
};

int run_index(const IndexArgs& args) {
  Schema schema = load_schema_file(args.schema);
  IndexOptions options;
  options.commit_every = args.commit_every;
  options.wait_for_lock = args.wait;
  IndexSummary summary =
      run_index_job(args.db, schema, args.inputs, options,
                    [](const std::string& file, std::size_t line, const std::string& reason) {
                      std::cerr << file << ":" << line << ": " << reason << "\n";
                    });
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
      "Index JSON Lines files of articles (.gz too; '-' reads stdin). Exit 0: all indexed; "
      "2: some records rejected (the rest indexed); 1: fatal error.");
  cmd->add_option("--db", args->db, "Index directory (created when absent)")->required();
  cmd->add_option("--schema", args->schema, "Schema file for a new index")->capture_default_str();
  cmd->add_option("--commit-every", args->commit_every, "Commit after this many changes")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{1}, std::size_t{100'000'000}));
  cmd->add_flag("--wait", args->wait, "Wait for another writer to finish instead of failing");
  cmd->add_flag("--json", args->json, "Print the summary as JSON");
  cmd->add_option("inputs", args->inputs, "Input files, or - for standard input")->required();
  cmd->callback(
      [args, &exit_code] { exit_code = guarded("index", [&] { return run_index(*args); }); });
}

}  // namespace dateline::cli
