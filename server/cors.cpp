#include "server/cors.h"

#include <algorithm>

#include "core/error.h"
#include "server/json_codec.h"

namespace dateline {
namespace {

namespace http = boost::beast::http;

constexpr const char* kAllowMethods = "GET, HEAD";
constexpr const char* kAllowHeaders = "Accept, Content-Type, X-Request-Id";

bool valid_origin(std::string_view origin) {
  std::size_t scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) return false;
  std::string_view scheme = origin.substr(0, scheme_end);
  if (scheme != "http" && scheme != "https") return false;
  std::string_view host = origin.substr(scheme_end + 3);
  if (host.empty()) return false;
  return std::all_of(host.begin(), host.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '-' || c == ':' || c == '[' || c == ']';
  });
}

}  // namespace

void validate_cors_options(const CorsOptions& options) {
  for (const std::string& origin : options.allowed_origins) {
    if (origin == "*") {
      if (options.allowed_origins.size() != 1) {
        throw Error(ErrorKind::kInvalidArgument, "'*' must be the only allowed origin");
      }
    } else if (!valid_origin(origin)) {
      throw Error(ErrorKind::kInvalidArgument,
                  "'" + origin + "' is not an origin (scheme://host[:port], no path)");
    }
  }
}

std::optional<std::string> cors_allow_origin(const CorsOptions& options, std::string_view origin) {
  if (origin.empty() || !options.enabled()) return std::nullopt;
  if (options.allowed_origins.front() == "*") return std::string("*");
  for (const std::string& allowed : options.allowed_origins) {
    // Origins compare as ASCII case-insensitive (scheme and host are case-insensitive).
    if (boost::beast::iequals(allowed, origin)) return std::string(origin);
  }
  return std::nullopt;
}

std::optional<http::response<http::string_body>> cors_preflight(
    const http::request<http::string_body>& request, const CorsOptions& options) {
  if (!options.enabled() || request.method() != http::verb::options) return std::nullopt;
  auto origin = request[http::field::origin];
  auto method = request[http::field::access_control_request_method];
  if (origin.empty() || method.empty()) return std::nullopt;

  std::optional<std::string> allow = cors_allow_origin(options, origin);
  bool method_ok = method == "GET" || method == "HEAD";
  http::response<http::string_body> res{
      allow && method_ok ? http::status::no_content : http::status::forbidden, request.version()};
  res.set(http::field::server, "dateline");
  res.set(http::field::vary,
          "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
  res.keep_alive(request.keep_alive());
  if (allow && method_ok) {
    res.set(http::field::access_control_allow_origin, *allow);
    res.set(http::field::access_control_allow_methods, kAllowMethods);
    res.set(http::field::access_control_allow_headers, kAllowHeaders);
    res.set(http::field::access_control_max_age, std::to_string(options.max_age.count()));
  } else {
    res.set(http::field::content_type, "application/json; charset=utf-8");
    res.body() = dump_html_safe(
        error_json("forbidden", allow ? "cross-origin " + std::string(method) + " is not allowed"
                                      : "origin " + std::string(origin) + " is not allowed"));
  }
  res.prepare_payload();
  return res;
}

void add_cors_headers(const http::request<http::string_body>& request, const CorsOptions& options,
                      http::response<http::string_body>& response) {
  if (!options.enabled()) return;
  response.set(http::field::vary, "Origin");
  if (auto allow = cors_allow_origin(options, request[http::field::origin])) {
    response.set(http::field::access_control_allow_origin, *allow);
    response.set(http::field::access_control_expose_headers, "X-Request-Id");
  }
}

}  // namespace dateline
