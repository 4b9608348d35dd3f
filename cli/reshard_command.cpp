#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "indexer/resharder.h"

namespace dateline::cli {

void add_reshard_command(CLI::App& app, int& exit_code) {
  auto db = std::make_shared<std::string>("var/db");
  auto out = std::make_shared<std::string>();
  auto shards = std::make_shared<std::size_t>(2);
  CLI::App* cmd = app.add_subcommand(
      "reshard", "Split a single index into a new sharded index directory, without a re-ingest");
  cmd->add_option("--db", *db, "The single index to split (left as it is)")->capture_default_str();
  cmd->add_option("--out", *out, "The sharded index directory to make (must not exist)")
      ->required();
  cmd->add_option("--shards", *shards, "Number of shards")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  cmd->callback([db, out, shards, &exit_code] {
    exit_code = guarded("reshard", [&] {
      ReshardReport report = reshard(*db, *out, *shards);
      std::cout << "resharded " << report.documents << " documents into " << *shards
                << " shards at " << *out << " (";
      for (std::size_t k = 0; k < report.per_shard.size(); ++k) {
        std::cout << (k ? ", " : "") << report.per_shard[k];
      }
      std::cout << "); " << report.spelling_words << " spelling words, " << report.metadata_keys
                << " metadata entries\n";
      return 0;
    });
  });
}

}  // namespace dateline::cli
