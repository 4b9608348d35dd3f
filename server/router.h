// The HTTP API as a pure function: a request in, a response out, no sockets. Every route, every
// status code and every error body is decided here, so all of it is tested without a network.
#pragma once

#include <string>

#include <boost/beast/http.hpp>

#include "server/cors.h"
#include "server/metrics.h"
#include "server/search_request.h"
#include "server/search_service.h"
#include "server/static_files.h"

namespace dateline {

namespace http = boost::beast::http;

using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

class Analytics;
class ArticleWriter;

struct RouterOptions {
  SearchLimits limits;
  std::string web_root;  // directory with the search page (index.html, ...); "" = none
  // The files of web_root, read once at start-up (HttpServer); the router serves only these and
  // never touches the file system. null = no search page.
  std::shared_ptr<const StaticFiles> static_files;
  CorsOptions cors;        // origins allowed to call the API from a browser; empty = CORS off
  std::string public_url;  // base of OpenSearch/RSS links ("https://news.example"); "" = Host
  const Metrics* metrics = nullptr;  // serves /metrics and uptime in /v1/stats when set
  // Keys (server/auth.h). admin_key: needed for writes; "" = writes disabled. search_key: when
  // set, search and read routes need it (or the admin key); "" = public.
  std::string admin_key;
  std::string search_key;
  // When set, GET /metrics needs it (or the admin key); "" = /metrics is open to all.
  std::string metrics_key;
  // Reads analytics (GET /v1/analytics) and, later, embargoed articles; the admin key also works.
  // With neither set, GET /v1/analytics is 403.
  std::string analytics_key;
  // Takedowns and curations (the newsroom's editors and lawyers); the admin key also works.
  std::string editor_key;
  Analytics* analytics = nullptr;   // search analytics (server/analytics.h); null = off
  ArticleWriter* writer = nullptr;  // applies admin writes; null = writes disabled
};

// Routes (GET and HEAD):
//   /v1/search?q=&page=&per_page=   ranked hits with highlights
//   /v1/articles/{id}               the stored article (id percent-encoded), or 404
//   /v1/stats                       index statistics
//   /healthz                        {"status":"ok","documents":N}
//   / and /static/...               the search page, when a web root is configured; /static/
//                                   files carry Access-Control-Allow-Origin: * (the widget)
//   /v1/search.rss?q=               the hits as RSS 2.0;  /opensearch.xml  OpenSearch description
//   /metrics                        Prometheus text (when options.metrics is set; with a
//                                   metrics_key, only for it or the admin key)
//   /admin/analytics                the search analytics page (public; it asks for the key)
//   OPTIONS (CORS preflight)        204 for allowed origins (server/cors.h)
// Search analytics (server/analytics.h; docs/API.md):
//   POST /v1/events/click           {"search_id","id","position"} of an opened hit: 204 (also for
//                                   an unknown search id), 400 for a bad body, 429 over the rate
//   GET /v1/analytics?from=&to=&limit=   the counts (analytics key or admin key)
// Admin routes (Authorization: Bearer <admin key>; 401 without a key, 403 with a wrong one):
//   POST /v1/articles               NDJSON of articles and deletes; 200, or 422 if a line failed
//   DELETE /v1/articles/{id}        200, or 404 when there was no such article
//   GET /v1/curations               the editor's picks, {"rules": [...]} (server/curations.h)
//   PUT /v1/curations/{id}          the body is the rule: 201 created, 200 replaced, 400 bad rule
//   DELETE /v1/curations/{id}       200, or 404 when there was no such rule
// Client mistakes get a 4xx with {"error":{"code","message"}}; a failure of the index gets 503;
// nothing escapes as an exception. Keep-alive and HTTP version follow the request.
HttpResponse handle_request(const HttpRequest& request, SearchService& service,
                            const RouterOptions& options);

// How the transport runs a request, from the route table (server/http_server.h, *Overload*).
enum class RequestLane {
  kQueued,     // searches, reads, the page: through the overload queue
  kWriter,     // admin writes: on the writer thread, off the workers' event loops
  kImmediate,  // health checks and metrics scrapes: at once, even when the server is busiest
};
RequestLane request_lane(const HttpRequest& request);

// The route a request is counted under in /metrics (server/metrics.h); kOther for unknown paths.
MetricsRoute request_metrics_route(const HttpRequest& request);

// A JSON error response, for the transport to use when a request cannot even be parsed.
HttpResponse make_error_response(http::status status, const std::string& code,
                                 const std::string& message, unsigned version, bool keep_alive);

}  // namespace dateline
