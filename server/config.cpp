#include "server/config.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <stdexcept>
#include <type_traits>

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/parse.h"

namespace dateline {
namespace {

using json = nlohmann::json;
using std::chrono::milliseconds;

// Beast takes the header limit as a uint32; a request line or header block of a megabyte is
// already far past any real client. Bodies are held in memory whole: at most a GiB.
constexpr std::uint64_t kMaxHeaderBytes = std::uint64_t{1} << 20;
constexpr std::uint64_t kMaxBodyBytes = std::uint64_t{1} << 30;

[[noreturn]] void invalid(const std::string& message) {
  throw Error(ErrorKind::kInvalidArgument, message);
}

std::uint64_t parse_uint(const std::string& value, std::uint64_t lo, std::uint64_t hi) {
  std::optional<std::uint64_t> out = parse_integer<std::uint64_t>(value);
  if (!out || *out < lo || *out > hi) {
    invalid("must be an integer " + std::to_string(lo) + ".." + std::to_string(hi) + ", got '" +
            value + "'");
  }
  return *out;
}

milliseconds parse_duration_ms(const std::string& value) {
  std::optional<Duration> duration = parse_duration(value, {"ms", "s", "", "m"}, true);
  double scale = duration ? duration->unit_seconds * 1000 : 0;
  if (!duration || duration->amount * scale > 86'400'000) {
    invalid("must be a duration like 250ms, 10s or 2m (at most a day), got '" + value + "'");
  }
  return milliseconds(static_cast<std::int64_t>(std::llround(duration->amount * scale)));
}

std::string format_duration(milliseconds ms) {
  if (ms.count() % 60000 == 0 && ms.count() != 0) return std::to_string(ms.count() / 60000) + "m";
  if (ms.count() % 1000 == 0) return std::to_string(ms.count() / 1000) + "s";
  return std::to_string(ms.count()) + "ms";
}

bool bool_setting(const std::string& value) {
  std::optional<bool> out = parse_bool(value);
  if (!out) invalid("must be true or false, got '" + value + "'");
  return *out;
}

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ",") + item;
  return out;
}

// Builders for the table below: a setting bound to one member, through an accessor lambda.
template <class Access>
ConfigSetting text(std::string name, std::string help, Access access) {
  return {std::move(name), std::move(help),
          [access](ServerOptions& o, const std::string& v) { access(o) = v; },
          [access](const ServerOptions& o) {
            return std::string(access(const_cast<ServerOptions&>(o)));
          }};
}

// The range [lo, hi] must fit the member's type, or a large value would wrap when narrowed
// (4294967296 into a uint32 is 0); a table entry that breaks this fails at start-up.
template <class Access>
ConfigSetting integer(std::string name, std::string help, std::uint64_t lo, std::uint64_t hi,
                      Access access) {
  using T = std::remove_reference_t<std::invoke_result_t<Access, ServerOptions&>>;
  if (hi > static_cast<std::uint64_t>(std::numeric_limits<T>::max()) || lo > hi) {
    throw std::logic_error("setting --" + name + ": range does not fit its type");
  }
  return {std::move(name), std::move(help),
          [access, lo, hi](ServerOptions& o, const std::string& v) {
            access(o) = static_cast<T>(parse_uint(v, lo, hi));
          },
          [access](const ServerOptions& o) {
            return std::to_string(access(const_cast<ServerOptions&>(o)));
          },
          "INT"};
}

template <class Access>
ConfigSetting duration(std::string name, std::string help, Access access) {
  return {std::move(name), std::move(help),
          [access](ServerOptions& o, const std::string& v) { access(o) = parse_duration_ms(v); },
          [access](const ServerOptions& o) {
            return format_duration(access(const_cast<ServerOptions&>(o)));
          },
          "DURATION"};
}

template <class Access>
ConfigSetting boolean(std::string name, std::string help, Access access) {
  return {std::move(name), std::move(help),
          [access](ServerOptions& o, const std::string& v) { access(o) = bool_setting(v); },
          [access](const ServerOptions& o) {
            return std::string(access(const_cast<ServerOptions&>(o)) ? "true" : "false");
          },
          "BOOL"};
}

// An API key: empty (none), or 16+ printable ASCII characters without spaces, so it fits in an
// Authorization header and is not trivially guessed.
template <class Access>
ConfigSetting key_setting(std::string name, std::string help, Access access) {
  ConfigSetting setting = text(std::move(name), std::move(help), access);
  setting.set = [access](ServerOptions& o, const std::string& v) {
    for (char c : v) {
      if (c <= ' ' || c > '~') invalid("must be printable ASCII without spaces");
    }
    if (!v.empty() && v.size() < 16) invalid("must be at least 16 characters");
    access(o) = v;
  };
  setting.value_name = "KEY";
  return setting;
}

std::vector<ConfigSetting> make_settings() {
  std::vector<ConfigSetting> s;
  s.push_back(text("db", "Index directory (may be a symlink; a swapped link is picked up)",
                   [](ServerOptions& o) -> std::string& { return o.db_path; }));
  s.push_back(text("host", "Address to listen on",
                   [](ServerOptions& o) -> std::string& { return o.host; }));
  s.push_back(integer("port", "Port to listen on (0 = any free port)", 0, 65535,
                      [](ServerOptions& o) -> std::uint16_t& { return o.port; }));
  s.push_back(integer("threads", "Worker threads (0 = one per core)", 0, 256,
                      [](ServerOptions& o) -> unsigned& { return o.threads; }));
  s.push_back(text("web", "Directory of the search page (\"\" = no page)",
                   [](ServerOptions& o) -> std::string& { return o.router.web_root; }));
  s.push_back(boolean("access-log", "One log line per request on stderr (true/false)",
                      [](ServerOptions& o) -> bool& { return o.access_log; }));
  s.push_back(boolean("access-log-remote",
                      "Write the client's address in the access log (default false: remote=-)",
                      [](ServerOptions& o) -> bool& { return o.access_log_remote; }));
  s.push_back(boolean("access-log-query",
                      "Write the query string (the search words) in the access log (default "
                      "false: the path alone)",
                      [](ServerOptions& o) -> bool& { return o.access_log_query; }));
  s.push_back(integer("max-request-line", "Longest request line in bytes (else 414)", 64,
                      kMaxHeaderBytes,
                      [](ServerOptions& o) -> std::size_t& { return o.max_request_line_bytes; }));
  s.push_back(integer("max-header-bytes", "Largest request line + headers in bytes (else 431)", 256,
                      kMaxHeaderBytes,
                      [](ServerOptions& o) -> std::size_t& { return o.max_header_bytes; }));
  s.push_back(integer("max-body-bytes", "Largest request body in bytes (else 413)", 0,
                      kMaxBodyBytes,
                      [](ServerOptions& o) -> std::size_t& { return o.max_body_bytes; }));
  s.push_back(
      integer("max-query-bytes", "Longest q parameter in bytes (else 400)", 1, 1 << 20,
              [](ServerOptions& o) -> std::size_t& { return o.router.limits.max_query_bytes; }));
  s.push_back(integer("max-per-page", "Largest per_page (else 400)", 1, 10000,
                      [](ServerOptions& o) -> int& { return o.router.limits.max_per_page; }));
  s.push_back(
      integer("max-result-depth", "Largest page x per_page (else 400)", 1, 1'000'000,
              [](ServerOptions& o) -> std::size_t& { return o.router.limits.max_result_depth; }));
  s.push_back(
      integer("max-wildcard-expansion", "Terms a wild* expands to, most frequent first", 1, 100000,
              [](ServerOptions& o) -> unsigned& { return o.service.max_wildcard_expansion; }));
  s.push_back(integer("max-wildcard-terms",
                      "Terms all wildcards of one query expand to together; past it each gets "
                      "an equal share and the response says \"truncated\"",
                      1, 100000,
                      [](ServerOptions& o) -> unsigned& { return o.service.max_wildcard_terms; }));
  s.push_back(integer("max-page-fragments",
                      "Body fragments made for one page (per_page x fragments); past it each hit "
                      "gets fewer and the response says \"truncated\"",
                      1, 10000,
                      [](ServerOptions& o) -> unsigned& { return o.service.max_page_fragments; }));
  s.push_back(boolean("require-all-shards",
                      "Over a sharded index, answer 503 while any shard is down instead of "
                      "answering from the others with \"partial\": true",
                      [](ServerOptions& o) -> bool& { return o.service.require_all_shards; }));
  s.push_back(text("synonyms",
                   "Synonyms file, one group per line (us, united states); reloaded when it "
                   "changes (\"\" = none)",
                   [](ServerOptions& o) -> std::string& { return o.service.synonyms_path; }));
  s.push_back(integer(
      "count-limit", "Matches counted exactly per query; past it totals are lower bounds (\"gte\")",
      10, 100'000'000, [](ServerOptions& o) -> unsigned& { return o.service.check_at_least; }));
  // Retired: Xapian 1.4's match timer (Enquire::set_time_limit) runs its expiry in a thread of
  // its own that can write into the matcher's stack frame after the match has returned; under
  // load that crashed the server. Kept so a config that sets it gets this explanation.
  s.push_back({"match-time-limit", "Not supported (crashed under load); use --count-limit",
               [](ServerOptions&, const std::string& v) {
                 if (parse_duration_ms(v).count() != 0) {
                   invalid(
                       "is no longer supported: Xapian 1.4's match timer can fire after a match "
                       "has returned and write into the server's memory (it crashed the server "
                       "under load); bound counting with --count-limit instead");
                 }
               },
               [](const ServerOptions&) { return std::string("0s"); }, "DURATION"});
  s.push_back(duration("read-timeout", "Time from a request's first byte to its end (else 408)",
                       [](ServerOptions& o) -> milliseconds& { return o.read_timeout; }));
  s.push_back(duration("idle-timeout", "Idle keep-alive connections are closed after this",
                       [](ServerOptions& o) -> milliseconds& { return o.idle_timeout; }));
  s.push_back(duration("write-timeout",
                       "A response not sent within this (the client stops reading) closes the "
                       "connection",
                       [](ServerOptions& o) -> milliseconds& { return o.write_timeout; }));
  s.push_back(integer(
      "max-connections", "Connections open at once; past it new ones get a 503 and are closed", 1,
      1'000'000, [](ServerOptions& o) -> std::size_t& { return o.max_connections; }));
  s.push_back(integer("max-inflight-searches",
                      "Requests handled at once over all workers (0 = --threads)", 0, 4096,
                      [](ServerOptions& o) -> unsigned& { return o.max_inflight_searches; }));
  s.push_back(integer(
      "max-queued-searches", "Requests read and waiting for their worker, server-wide (else 503)",
      1, 1'000'000, [](ServerOptions& o) -> std::size_t& { return o.max_queued_searches; }));
  s.push_back(duration("queue-timeout",
                       "A request that waited longer for its worker is answered 503",
                       [](ServerOptions& o) -> milliseconds& { return o.queue_timeout; }));
  s.push_back(duration("shutdown-grace", "After SIGTERM, time in-flight requests get to finish",
                       [](ServerOptions& o) -> milliseconds& { return o.shutdown_grace; }));
  s.push_back({"cors-origins",
               "Origins allowed to call the API from a browser: comma-separated, or * (\"\" = "
               "CORS off)",
               [](ServerOptions& o, const std::string& v) {
                 o.router.cors.allowed_origins = split_list(v);
               },
               [](const ServerOptions& o) { return join(o.router.cors.allowed_origins); }, "LIST"});
  s.push_back({"cors-max-age", "Seconds a browser may cache a CORS preflight answer",
               [](ServerOptions& o, const std::string& v) {
                 o.router.cors.max_age = std::chrono::seconds(parse_uint(v, 0, 86400));
               },
               [](const ServerOptions& o) { return std::to_string(o.router.cors.max_age.count()); },
               "INT"});
  s.push_back(text("public-url",
                   "Base URL for OpenSearch and RSS links, e.g. https://news.example (\"\" = from "
                   "the Host header)",
                   [](ServerOptions& o) -> std::string& { return o.router.public_url; }));
  s.push_back(key_setting("admin-key",
                          "Bearer key for POST/DELETE /v1/articles (\"\" = writes disabled); "
                          "prefer DATELINE_ADMIN_KEY or the config file to a flag",
                          [](ServerOptions& o) -> std::string& { return o.router.admin_key; }));
  s.push_back(key_setting("search-key",
                          "Bearer key that search and read routes then need (\"\" = public); "
                          "prefer DATELINE_SEARCH_KEY or the config file",
                          [](ServerOptions& o) -> std::string& { return o.router.search_key; }));
  s.push_back(key_setting("metrics-key",
                          "Bearer key that GET /metrics then needs (the admin key also works; "
                          "\"\" = open); prefer DATELINE_METRICS_KEY or the config file",
                          [](ServerOptions& o) -> std::string& { return o.router.metrics_key; }));
  s.push_back(key_setting("analytics-key",
                          "Bearer key for GET /v1/analytics and, later, embargoed articles (the "
                          "admin key also works; with neither, analytics are closed); prefer "
                          "DATELINE_ANALYTICS_KEY or the config file",
                          [](ServerOptions& o) -> std::string& { return o.router.analytics_key; }));
  s.push_back(boolean("analytics",
                      "Count reader searches and clicks (search analytics); false: no store, no "
                      "search_id",
                      [](ServerOptions& o) -> bool& { return o.analytics.enabled; }));
  s.push_back(key_setting("editor-key",
                          "Bearer key of the newsroom's editors and lawyers: takedowns (DELETE "
                          "/v1/articles/{id} with a reason, GET /v1/takedowns) and curations; "
                          "the admin key also works; prefer DATELINE_EDITOR_KEY or the config file",
                          [](ServerOptions& o) -> std::string& { return o.router.editor_key; }));
  s.push_back(text("newsroom-store",
                   "SQLite file of takedowns and the audit log (\"\" = newsroom.sqlite in the "
                   "directory holding the index, as every dateline command finds it)",
                   [](ServerOptions& o) -> std::string& { return o.service.newsroom_store; }));
  s.push_back(text("analytics-db",
                   "SQLite file of search analytics (\"\" = <db>.analytics.sqlite, beside the "
                   "index)",
                   [](ServerOptions& o) -> std::string& { return o.analytics.path; }));
  s.push_back(integer("analytics-retention-days",
                      "Days of search analytics kept; older days are deleted", 1, 3660,
                      [](ServerOptions& o) -> unsigned& { return o.analytics.retention_days; }));
  s.push_back(integer("analytics-queue",
                      "Analytics events waiting to be written; past it they are dropped and "
                      "counted",
                      16, 1'000'000,
                      [](ServerOptions& o) -> std::size_t& { return o.analytics.queue_bound; }));
  s.push_back(integer(
      "analytics-click-rate", "Clicks counted per second, server-wide (bursts of 2 s); past it 429",
      1, 100'000, [](ServerOptions& o) -> unsigned& { return o.analytics.click_rate; }));
  s.push_back(duration("write-lock-wait",
                       "Longest wait of an admin write for another writer's lock (then 503)",
                       [](ServerOptions& o) -> milliseconds& { return o.write_lock_wait; }));
  s.push_back(text("curations",
                   "Editor's picks file (JSON rules); replaces the stored rules at start and "
                   "when its text changes (\"\" = none)",
                   [](ServerOptions& o) -> std::string& { return o.curations_path; }));
  s.push_back(
      duration("curations-check-interval", "How often the editor's picks file is looked at",
               [](ServerOptions& o) -> milliseconds& { return o.curations_check_interval; }));
  return s;
}

const ConfigSetting* find_setting(const std::string& name) {
  for (const ConfigSetting& setting : config_settings()) {
    if (setting.name == name) return &setting;
  }
  return nullptr;
}

// Runs `apply`, prefixing the message of an invalid-argument error with `where`.
template <class F>
void located(const std::string& where, F&& apply) {
  try {
    apply();
  } catch (const Error& e) {
    throw Error(e.kind(), where + ": " + e.what());
  }
}

std::string json_to_text(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number_unsigned()) return std::to_string(value.get<std::uint64_t>());
  if (value.is_number_integer()) return std::to_string(value.get<std::int64_t>());
  if (value.is_number_float()) return value.dump();
  if (value.is_array()) {
    std::vector<std::string> items;
    for (const json& item : value) {
      if (!item.is_string()) invalid("list items must be strings");
      items.push_back(item.get<std::string>());
    }
    return join(items);
  }
  invalid("must be a string, number, boolean or list of strings");
}

}  // namespace

std::string ConfigSetting::env_name() const {
  std::string out = "DATELINE_";
  for (char c : name) out += c == '-' ? '_' : static_cast<char>(std::toupper(c));
  return out;
}

std::string ConfigSetting::file_key() const {
  std::string out = name;
  for (char& c : out) c = c == '-' ? '_' : c;
  return out;
}

const std::vector<ConfigSetting>& config_settings() {
  static const std::vector<ConfigSetting> settings = make_settings();
  return settings;
}

std::optional<std::string> process_env(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (!value) return std::nullopt;
  return std::string(value);
}

void apply_config_file(ServerOptions& options, const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorKind::kNotFound, "cannot read config file " + path);
  json doc = json::parse(in, nullptr, false);
  if (doc.is_discarded() || !doc.is_object()) {
    invalid(path + ": not a JSON object of settings");
  }
  for (const auto& [key, value] : doc.items()) {
    std::string name = key;
    for (char& c : name) c = c == '_' ? '-' : c;
    const ConfigSetting* setting = find_setting(name);
    if (!setting) invalid(path + ": unknown setting '" + key + "'");
    const json& given = value;  // (clang 14 cannot capture structured bindings)
    located(path + ": " + key, [&] { setting->set(options, json_to_text(given)); });
  }
}

void apply_environment(ServerOptions& options, const EnvLookup& env) {
  for (const ConfigSetting& setting : config_settings()) {
    std::optional<std::string> value = env(setting.env_name());
    if (!value) continue;
    located(setting.env_name(), [&] { setting.set(options, *value); });
  }
}

void apply_flags(ServerOptions& options, const std::map<std::string, std::string>& flags) {
  for (const auto& [name, value] : flags) {
    if (name == "config") continue;
    const ConfigSetting* setting = find_setting(name);
    if (!setting) invalid("unknown option --" + name);
    const std::string& text = value;  // (clang 14 cannot capture structured bindings)
    located("--" + name, [&] { setting->set(options, text); });
  }
}

void validate_server_options(ServerOptions& options) {
  if (options.db_path.empty()) invalid("--db: must not be empty");
  // The table's ranges cover text input; this covers options set in code (Beast narrows the
  // header limit to a uint32).
  if (options.max_header_bytes > kMaxHeaderBytes) {
    invalid("--max-header-bytes must be at most " + std::to_string(kMaxHeaderBytes));
  }
  if (options.max_request_line_bytes > options.max_header_bytes) {
    invalid("--max-request-line (" + std::to_string(options.max_request_line_bytes) +
            ") must not exceed --max-header-bytes (" + std::to_string(options.max_header_bytes) +
            ")");
  }
  if (options.router.limits.max_result_depth <
      static_cast<std::size_t>(options.router.limits.max_per_page)) {
    invalid("--max-result-depth must be at least --max-per-page");
  }
  if (options.read_timeout.count() <= 0) invalid("--read-timeout must be more than 0");
  if (options.idle_timeout.count() <= 0) invalid("--idle-timeout must be more than 0");
  if (options.write_timeout.count() <= 0) invalid("--write-timeout must be more than 0");
  if (options.queue_timeout.count() <= 0) invalid("--queue-timeout must be more than 0");
  located("--cors-origins", [&] { validate_cors_options(options.router.cors); });
  std::string& url = options.router.public_url;
  while (!url.empty() && url.back() == '/') url.pop_back();
  if (!url.empty() && url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0) {
    invalid("--public-url must start with http:// or https://");
  }
}

ServerOptions load_server_options(ServerOptions defaults,
                                  const std::map<std::string, std::string>& flags,
                                  const EnvLookup& env) {
  ServerOptions options = std::move(defaults);
  std::optional<std::string> file;
  if (auto it = flags.find("config"); it != flags.end()) {
    file = it->second;
  } else {
    file = env("DATELINE_CONFIG");
  }
  if (file && !file->empty()) apply_config_file(options, *file);
  apply_environment(options, env);
  apply_flags(options, flags);
  validate_server_options(options);
  return options;
}

}  // namespace dateline
