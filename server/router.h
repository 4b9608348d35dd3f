// The HTTP API as a pure function: a request in, a response out, no sockets. Every route, every
// status code and every error body is decided here, so all of it is tested without a network.
#pragma once

#include <string>

#include <boost/beast/http.hpp>

#include "server/search_request.h"
#include "server/search_service.h"

namespace dateline {

namespace http = boost::beast::http;

using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

struct RouterOptions {
  SearchLimits limits;
  std::string web_root;  // directory with the search page (index.html, ...); "" = none
};

// Routes (GET and HEAD):
//   /v1/search?q=&page=&per_page=   ranked hits with highlights
//   /v1/articles/{id}               the stored article (id percent-encoded), or 404
//   /v1/stats                       index statistics
//   /healthz                        {"status":"ok","documents":N}
//   / and /static/...               the search page, when a web root is configured
// Client mistakes get a 4xx with {"error":{"code","message"}}; a failure of the index gets 503;
// nothing escapes as an exception. Keep-alive and HTTP version follow the request.
HttpResponse handle_request(const HttpRequest& request, SearchService& service,
                            const RouterOptions& options);

// A JSON error response, for the transport to use when a request cannot even be parsed.
HttpResponse make_error_response(http::status status, const std::string& code,
                                 const std::string& message, unsigned version, bool keep_alive);

}  // namespace dateline
