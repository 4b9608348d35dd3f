#include <filesystem>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "server/http_server.h"

namespace dateline::cli {

void add_serve_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ServerOptions>();
  options->router.web_root = default_web_root();
  CLI::App* cmd = app.add_subcommand("serve", "Serve the search API and search page over HTTP");
  cmd->add_option("--db", options->db_path, "Index directory")->capture_default_str();
  cmd->add_option("--host", options->host, "Address to listen on")->capture_default_str();
  cmd->add_option("--port", options->port, "Port to listen on (0 = any free port)")
      ->capture_default_str();
  cmd->add_option("--threads", options->threads, "Worker threads (0 = one per core)")
      ->capture_default_str()
      ->check(CLI::Range(0u, 256u));
  cmd->add_option("--web", options->router.web_root, "Directory of the search page")
      ->capture_default_str();
  cmd->add_flag("!--no-access-log", options->access_log, "Do not log each request on stderr");
  cmd->callback([options, &exit_code] {
    exit_code = guarded("serve", [&] {
      if (!std::filesystem::exists(options->router.web_root + "/index.html")) {
        options->router.web_root.clear();
      }
      HttpServer server(*options);
      std::cout << "dateline: serving " << options->db_path << " on http://" << options->host << ":"
                << server.port() << "/" << std::endl;
      server.run();
      std::cout << "dateline: stopped" << std::endl;
      return 0;
    });
  });
}

}  // namespace dateline::cli
