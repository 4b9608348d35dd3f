// dateline: index news articles and search them. One binary, four subcommands.
#include <cstdlib>
#include <iostream>

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

int guarded(const char* command, const std::function<int()>& body) {
  try {
    return body();
  } catch (const std::exception& e) {
    std::cerr << "dateline " << command << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace dateline::cli

int main(int argc, char** argv) {
  CLI::App app{"Dateline: full-text search for news articles"};
  app.require_subcommand(1);
  int exit_code = 0;
  dateline::cli::add_index_command(app, exit_code);
  dateline::cli::add_serve_command(app, exit_code);
  dateline::cli::add_search_command(app, exit_code);
  dateline::cli::add_stats_command(app, exit_code);
  dateline::cli::add_delete_command(app, exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 1;
  }
  return exit_code;
}
