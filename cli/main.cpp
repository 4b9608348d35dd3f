// dateline: index news articles and search them. One binary, four subcommands.
#include <cstdlib>
#include <iostream>

#include <xapian.h>

#include "cli/commands.h"
#include "core/error.h"

namespace dateline::cli {

std::string default_schema_path() {
  if (const char* env = std::getenv("DATELINE_SCHEMA"); env && *env) return env;
  return std::string(DATELINE_SOURCE_DIR) + "/schema/news.json";
}

std::string default_web_root() {
  if (const char* env = std::getenv("DATELINE_WEB"); env && *env) return env;
  return std::string(DATELINE_SOURCE_DIR) + "/web";
}

// Xapian 1.4 reads some settings only from the environment, each time a database opens; setenv
// is not safe while other threads run, so they are set here, once, before any thread starts.
// XAPIAN_FLUSH_THRESHOLD: a writer flushes when Dateline decides (the bulk writer by its memory
// bound, indexer/bulk_writer.h; the incremental one every --commit-every changes), not every
// 10,000 documents on its own.
void set_xapian_environment() { setenv("XAPIAN_FLUSH_THRESHOLD", "100000000", 1); }

void keep_changesets_for_replicas() { setenv("XAPIAN_MAX_CHANGESETS", "50", 0); }

int guarded(const char* command, const std::function<int()>& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    std::cerr << "dateline " << command << ": " << e.what() << "\n";
    return 1;
  } catch (const Xapian::Error& e) {
    // Not a std::exception: a damaged index or one replaced under a long read.
    std::cerr << "dateline " << command << ": " << e.get_description() << "\n";
    return 1;
  }
}

}  // namespace dateline::cli

int main(int argc, char** argv) {
  dateline::cli::set_xapian_environment();
  CLI::App app{"Dateline: full-text search for news articles"};
  app.require_subcommand(1);
  int exit_code = 0;
  dateline::cli::add_index_command(app, exit_code);
  dateline::cli::add_serve_command(app, exit_code);
  dateline::cli::add_search_command(app, exit_code);
  dateline::cli::add_stats_command(app, exit_code);
  dateline::cli::add_delete_command(app, exit_code);
  dateline::cli::add_release_command(app, exit_code);
  dateline::cli::add_takedown_commands(app, exit_code);
  dateline::cli::add_curations_command(app, exit_code);
  dateline::cli::add_common_words_command(app, exit_code);
  dateline::cli::add_reshard_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 1;
  }
  return exit_code;
}
