#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "server/json_codec.h"
#include "server/metrics.h"
#include "server/search_service.h"

namespace dateline::cli {

void add_stats_command(CLI::App& app, int& exit_code) {
  auto db = std::make_shared<std::string>("var/db");
  auto json = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("stats", "Show what an index holds");
  cmd->add_option("--db", *db, "Index directory")->capture_default_str();
  cmd->add_flag("--json", *json, "Print as JSON");
  cmd->callback([db, json, &exit_code] {
    exit_code = guarded("stats", [&] {
      SearchService service(*db);
      nlohmann::ordered_json stats = to_json(service.stats());
      stats["disk_bytes"] = directory_bytes(*db);
      if (*json) {
        std::cout << stats.dump(2) << "\n";
        return 0;
      }
      std::cout << "index:          " << *db << "\n"
                << "documents:      " << stats["documents"] << "\n"
                << "revision:       " << stats["revision"] << "\n"
                << "average length: " << stats["average_length"] << " terms\n"
                << "disk:           " << stats["disk_bytes"] << " bytes\n"
                << "last commit:    " << stats["last_commit"] << "\n"
                << "schema:         " << stats["schema"]["name"].get<std::string>() << " v"
                << stats["schema"]["version"] << "\n";
      return 0;
    });
  });
}

}  // namespace dateline::cli
