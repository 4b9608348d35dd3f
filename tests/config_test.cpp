#include "server/config.h"

#include <boost/test/unit_test.hpp>

#include "core/error.h"
#include "tests/test_support.h"

using namespace dateline;

namespace {

EnvLookup env_of(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

std::string load_error(const std::map<std::string, std::string>& flags,
                       const std::map<std::string, std::string>& env = {}) {
  try {
    load_server_options({}, flags, env_of(env));
  } catch (const Error& e) {
    return e.what();
  }
  return "(accepted)";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(config)

BOOST_AUTO_TEST_CASE(defaults_load_and_validate) {
  ServerOptions o = load_server_options({}, {}, env_of({}));
  BOOST_TEST(o.port == 8080);
  BOOST_TEST(o.max_request_line_bytes == 8192u);
  BOOST_TEST(o.read_timeout.count() == 10000);
  BOOST_TEST(!o.router.cors.enabled());
}

BOOST_AUTO_TEST_CASE(flags_beat_environment_which_beats_the_file) {
  test::TempDir dir;
  std::string file = dir.write_file(
      "dateline.json",
      R"({"port": 9000, "threads": 3, "cors_origins": ["https://a.example", "https://b.example"],
          "access_log": false, "read_timeout": "2s", "max_per_page": 50})");
  ServerOptions o = load_server_options({}, {{"config", file}, {"port", "9002"}},
                                        env_of({{"DATELINE_PORT", "9001"},
                                                {"DATELINE_THREADS", "4"},
                                                {"DATELINE_IDLE_TIMEOUT", "500ms"}}));
  BOOST_TEST(o.port == 9002);   // flag
  BOOST_TEST(o.threads == 4u);  // environment over file
  BOOST_TEST(o.idle_timeout.count() == 500);
  BOOST_TEST(o.read_timeout.count() == 2000);  // file
  BOOST_TEST(o.router.limits.max_per_page == 50);
  BOOST_TEST(!o.access_log);
  BOOST_TEST(o.router.cors.allowed_origins ==
                 std::vector<std::string>({"https://a.example", "https://b.example"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(config_file_named_by_environment) {
  test::TempDir dir;
  std::string file = dir.write_file("c.json", R"({"host": "0.0.0.0"})");
  ServerOptions o = load_server_options({}, {}, env_of({{"DATELINE_CONFIG", file}}));
  BOOST_TEST(o.host == "0.0.0.0");
}

BOOST_AUTO_TEST_CASE(errors_name_their_source) {
  BOOST_TEST(load_error({{"port", "http"}}) == "--port: must be an integer 0..65535, got 'http'");
  BOOST_TEST(load_error({}, {{"DATELINE_READ_TIMEOUT", "soon"}}) ==
             "DATELINE_READ_TIMEOUT: must be a duration like 250ms, 10s or 2m (at most a day), "
             "got 'soon'");
  BOOST_TEST(load_error({{"access-log", "maybe"}}) ==
             "--access-log: must be true or false, got 'maybe'");
  test::TempDir dir;
  std::string file = dir.write_file("c.json", R"({"prot": 1})");
  BOOST_TEST(load_error({{"config", file}}) == file + ": unknown setting 'prot'");
  file = dir.write_file("d.json", R"({"port": 70000})");
  BOOST_TEST(load_error({{"config", file}}) ==
             file + ": port: must be an integer 0..65535, got '70000'");
  file = dir.write_file("e.json", "[1,2]");
  BOOST_TEST(load_error({{"config", file}}) == file + ": not a JSON object of settings");
}

BOOST_AUTO_TEST_CASE(cross_checks_run_once_over_the_whole_struct) {
  BOOST_TEST(load_error({{"max-request-line", "20000"}}) ==
             "--max-request-line (20000) must not exceed --max-header-bytes (16384)");
  BOOST_TEST(load_error({{"cors-origins", "https://a.example/path"}}) ==
             "--cors-origins: 'https://a.example/path' is not an origin (scheme://host[:port], "
             "no path)");
  BOOST_TEST(load_error({{"cors-origins", "*,https://a.example"}}) ==
             "--cors-origins: '*' must be the only allowed origin");
  BOOST_TEST(load_error({{"public-url", "news.example"}}) ==
             "--public-url must start with http:// or https://");
  BOOST_TEST(load_error({{"max-per-page", "500"}, {"max-result-depth", "100"}}) ==
             "--max-result-depth must be at least --max-per-page");
  ServerOptions o = load_server_options({}, {{"public-url", "https://n.example/"}}, env_of({}));
  BOOST_TEST(o.router.public_url == "https://n.example");
}

BOOST_AUTO_TEST_CASE(sizes_that_would_wrap_are_refused) {
  // 2^32 used to pass and wrap to 0 in Beast's uint32 header limit: every request was a 414.
  BOOST_TEST(load_error({{"max-header-bytes", "4294967296"}}) ==
             "--max-header-bytes: must be an integer 256..1048576, got '4294967296'");
  BOOST_TEST(load_error({{"max-body-bytes", "1073741825"}}) ==
             "--max-body-bytes: must be an integer 0..1073741824, got '1073741825'");
  ServerOptions in_code;
  in_code.max_header_bytes = std::size_t{1} << 32;
  BOOST_CHECK_THROW(validate_server_options(in_code), Error);
}

// Every integer setting refuses what would be negative, overflow or wrap, whatever its type.
BOOST_AUTO_TEST_CASE(integer_settings_refuse_negative_and_huge_values) {
  for (const ConfigSetting& setting : config_settings()) {
    if (setting.value_name != "INT") continue;
    for (const char* bad : {"-1", "4294967296", "18446744073709551616",
                            "99999999999999999999999999", "1e3", " 5", "+5", ""}) {
      ServerOptions o;
      BOOST_CHECK_THROW(setting.set(o, bad), Error);
    }
  }
}

BOOST_AUTO_TEST_CASE(durations_refuse_negative_and_huge_values) {
  for (const char* bad : {"-1s", "1e9", "25h", "86401s", "9999999999999999999999m", "1.2.3s"}) {
    BOOST_TEST(load_error({{"read-timeout", bad}}).find("must be a duration") != std::string::npos,
               bad);
  }
}

BOOST_AUTO_TEST_CASE(durations_take_units) {
  auto ms = [](const std::string& text) {
    return load_server_options({}, {{"read-timeout", text}}, env_of({})).read_timeout.count();
  };
  BOOST_TEST(ms("250ms") == 250);
  BOOST_TEST(ms("3s") == 3000);
  BOOST_TEST(ms("2m") == 120000);
  BOOST_TEST(ms("1.5") == 1500);
  BOOST_TEST(load_error({{"read-timeout", "0s"}}) == "--read-timeout must be more than 0");
  BOOST_TEST(load_error({{"write-timeout", "0s"}}) == "--write-timeout must be more than 0");
  BOOST_TEST(load_error({{"queue-timeout", "0s"}}) == "--queue-timeout must be more than 0");
  BOOST_TEST(load_error({{"max-queued-searches", "0"}}) ==
             "--max-queued-searches: must be an integer 1..1000000, got '0'");
  ServerOptions o = load_server_options({}, {{"count-limit", "250"}}, env_of({}));
  BOOST_TEST(o.service.check_at_least == 250u);
  // Xapian's match timer is not used (it crashed the server under load): a config that sets
  // one is told so, and "0s" (off) is still accepted.
  BOOST_TEST(load_error({{"match-time-limit", "250ms"}}).find("--count-limit") != std::string::npos,
             load_error({{"match-time-limit", "250ms"}}));
  BOOST_TEST(load_error({{"match-time-limit", "0s"}}) == "(accepted)");
}

BOOST_AUTO_TEST_CASE(every_setting_round_trips_through_its_text_form) {
  ServerOptions defaults;
  for (const ConfigSetting& setting : config_settings()) {
    ServerOptions o;
    std::string text = setting.get(defaults);
    BOOST_CHECK_NO_THROW(setting.set(o, text));
    BOOST_TEST(setting.get(o) == text, setting.name);
    BOOST_TEST(setting.env_name().rfind("DATELINE_", 0) == 0u);
    BOOST_TEST(setting.file_key().find('-') == std::string::npos);
  }
  BOOST_TEST(config_settings().size() >= 20u);
}

BOOST_AUTO_TEST_CASE(analytics_and_access_log_privacy_settings) {
  ServerOptions d = load_server_options({}, {}, env_of({}));
  BOOST_TEST(d.analytics.enabled);
  BOOST_TEST(d.analytics.retention_days == 90u);
  BOOST_TEST(!d.access_log_remote);
  BOOST_TEST(!d.access_log_query);
  ServerOptions o = load_server_options(
      {}, {{"analytics", "false"}, {"analytics-retention-days", "7"}, {"access-log-query", "yes"}},
      env_of({{"DATELINE_ANALYTICS_KEY", "analytics-key-0123456789"},
              {"DATELINE_ACCESS_LOG_REMOTE", "true"},
              {"DATELINE_ANALYTICS_DB", "/srv/dateline/analytics.sqlite"}}));
  BOOST_TEST(!o.analytics.enabled);
  BOOST_TEST(o.analytics.retention_days == 7u);
  BOOST_TEST(o.analytics.path == "/srv/dateline/analytics.sqlite");
  BOOST_TEST(o.router.analytics_key == "analytics-key-0123456789");
  BOOST_TEST(o.access_log_remote);
  BOOST_TEST(o.access_log_query);
  BOOST_TEST(load_error({{"analytics-key", "short"}}).find("at least 16") != std::string::npos);
  BOOST_TEST(load_error({{"analytics-retention-days", "0"}}).find("1..3660") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
