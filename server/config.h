// Loading ServerOptions from its three sources into one struct, validated once at start.
//
// Every setting has one name used everywhere: flag --max-body-bytes, environment variable
// DATELINE_MAX_BODY_BYTES, config file key "max_body_bytes". Later sources override earlier ones:
// defaults < config file < environment < flags. The config file is JSON (an object of settings)
// named by --config or DATELINE_CONFIG.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "server/http_server.h"

namespace dateline {

struct ConfigSetting {
  std::string name;  // flag spelling without "--": "max-body-bytes"
  std::string help;  // one line for --help and the docs
  // Parses `value` (always text; see below) into `options`. Throws Error(kInvalidArgument) with
  // a reason ("must be an integer 0..65535").
  std::function<void(ServerOptions&, const std::string& value)> set;
  // The current value of the setting in the same text form `set` accepts.
  std::function<std::string(const ServerOptions&)> get;
  std::string value_name = "TEXT";  // what --help shows for the value: INT, DURATION, BOOL, ...

  std::string env_name() const;  // "DATELINE_MAX_BODY_BYTES"
  std::string file_key() const;  // "max_body_bytes"
};

// Every setting, in the order --help lists them. Value forms: integers in decimal; durations as
// "250ms", "10s", "2m" (a bare number is seconds); booleans true/false/1/0/yes/no; lists
// comma-separated ("https://a.example,https://b.example").
const std::vector<ConfigSetting>& config_settings();

// Looks up an environment variable; nullopt when unset.
using EnvLookup = std::function<std::optional<std::string>(const std::string& name)>;

// The process environment.
std::optional<std::string> process_env(const std::string& name);

// Applies a config file's JSON object. Values may be strings, numbers, booleans or (for lists)
// arrays of strings. Throws Error(kInvalidArgument) "FILE: unknown setting 'x'" / "FILE: key:
// reason", or Error(kNotFound) when the file cannot be read.
void apply_config_file(ServerOptions& options, const std::string& path);

// Applies every DATELINE_* variable that names a setting. Throws "DATELINE_X: reason".
void apply_environment(ServerOptions& options, const EnvLookup& env);

// Applies settings given as flags (name without "--" -> value). Throws "--name: reason".
void apply_flags(ServerOptions& options, const std::map<std::string, std::string>& flags);

// Cross-checks the whole struct (ranges, request line within the header limit, CORS origins) and
// normalises it (public URL without trailing '/'). Throws Error(kInvalidArgument).
void validate_server_options(ServerOptions& options);

// The whole load: `defaults`, then the config file (flags["config"], else DATELINE_CONFIG, else
// none), then the environment, then `flags`; then validation.
ServerOptions load_server_options(ServerOptions defaults,
                                  const std::map<std::string, std::string>& flags,
                                  const EnvLookup& env);

}  // namespace dateline
