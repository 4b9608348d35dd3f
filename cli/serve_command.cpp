#include <filesystem>
#include <iostream>
#include <map>
#include <memory>

#include "cli/commands.h"
#include "server/config.h"
#include "server/http_server.h"

namespace dateline::cli {

// Every setting in server/config.cpp becomes a flag; values are collected as text and handed to
// load_server_options, which layers them over the config file and the environment.
void add_serve_command(CLI::App& app, int& exit_code) {
  ServerOptions defaults;
  defaults.router.web_root = default_web_root();
  struct Flags {
    std::map<std::string, std::string> values;
    std::map<std::string, CLI::Option*> options;
    bool no_access_log = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "Serve the search API and search page over HTTP.\nEach --name can also be set as "
      "DATELINE_NAME in the environment or as \"name\" (with _ for -) in a JSON --config file "
      "(flags win over "
      "the environment, the environment over the file).");
  flags->options["config"] =
      cmd->add_option("--config", flags->values["config"], "JSON config file (or DATELINE_CONFIG)")
          ->type_name("FILE");
  for (const ConfigSetting& setting : config_settings()) {
    flags->options[setting.name] =
        cmd->add_option("--" + setting.name, flags->values[setting.name],
                        setting.help + " [env " + setting.env_name() + "]")
            ->default_str(setting.get(defaults))
            ->type_name(setting.value_name);
  }
  cmd->add_flag("--no-access-log", flags->no_access_log, "Same as --access-log false");
  cmd->callback([flags, defaults, &exit_code] {
    exit_code = guarded("serve", [&] {
      keep_changesets_for_replicas();  // admin writes
      std::map<std::string, std::string> given;
      for (const auto& [name, option] : flags->options) {
        if (option->count() > 0) given[name] = flags->values[name];
      }
      if (flags->no_access_log) given["access-log"] = "false";
      ServerOptions options = load_server_options(defaults, given, process_env);
      if (!options.router.web_root.empty() &&
          !std::filesystem::exists(options.router.web_root + "/index.html")) {
        options.router.web_root.clear();
      }
      HttpServer server(options);
      std::cout << "dateline: serving " << options.db_path << " on http://" << options.host << ":"
                << server.port() << "/" << std::endl;
      server.run();
      std::cout << "dateline: stopped" << std::endl;
      return 0;
    });
  });
}

}  // namespace dateline::cli
