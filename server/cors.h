// CORS: lets search boxes on other origins call the API from a browser. The policy is a list of
// allowed origins; requests from other origins get no CORS headers at all, so the browser keeps
// the response from the page.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/beast/http.hpp>

namespace dateline {

struct CorsOptions {
  // Exact origins ("https://news.example", scheme://host[:port]) or the single entry "*" (any
  // origin). Empty: CORS is off (no CORS headers, OPTIONS is 405 like any other method).
  std::vector<std::string> allowed_origins;
  std::chrono::seconds max_age{600};  // how long a browser may cache a preflight answer

  bool enabled() const { return !allowed_origins.empty(); }
};

// Throws Error(kInvalidArgument) unless every entry is "*" alone or a scheme://host[:port]
// origin with no path.
void validate_cors_options(const CorsOptions& options);

// The Access-Control-Allow-Origin value for a request from `origin`: "*" when any origin is
// allowed, `origin` when it is listed, nullopt when it is not allowed (or `origin` is empty).
std::optional<std::string> cors_allow_origin(const CorsOptions& options, std::string_view origin);

// When `request` is a CORS preflight (OPTIONS with Origin and Access-Control-Request-Method) and
// CORS is on, the answer to it: 204 with Allow-Methods/Headers/Max-Age for an allowed origin and
// method, 403 with a JSON error otherwise. nullopt for any other request.
std::optional<boost::beast::http::response<boost::beast::http::string_body>> cors_preflight(
    const boost::beast::http::request<boost::beast::http::string_body>& request,
    const CorsOptions& options);

// Adds Vary: Origin (when CORS is on) and, for an allowed origin, Access-Control-Allow-Origin and
// Access-Control-Expose-Headers to `response`.
void add_cors_headers(const boost::beast::http::request<boost::beast::http::string_body>& request,
                      const CorsOptions& options,
                      boost::beast::http::response<boost::beast::http::string_body>& response);

}  // namespace dateline
