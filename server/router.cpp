#include "server/router.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <iostream>
#include <optional>

#include <xapian.h>

#include "core/clock.h"
#include "core/error.h"
#include "core/json_depth.h"
#include "core/parse.h"
#include "schema/dates.h"
#include "server/analytics_api.h"
#include "server/article_writer.h"
#include "server/auth.h"
#include "server/curation_store.h"
#include "server/feeds.h"
#include "server/json_codec.h"
#include "server/metrics.h"
#include "server/query_string.h"

namespace dateline {
namespace {

using json = nlohmann::ordered_json;

http::status status_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidArgument:
      return http::status::bad_request;
    case ErrorKind::kNotFound:
      return http::status::not_found;
    case ErrorKind::kUnavailable:
    case ErrorKind::kLocked:
      return http::status::service_unavailable;
    case ErrorKind::kInternal:
      return http::status::internal_server_error;
  }
  return http::status::internal_server_error;
}

HttpResponse make_response(http::status status, std::string body, const char* content_type,
                           const HttpRequest& request) {
  HttpResponse res{status, request.version()};
  res.set(http::field::server, "dateline");
  res.set(http::field::content_type, content_type);
  res.set(http::field::cache_control, "no-store");
  res.set("X-Content-Type-Options", "nosniff");
  res.keep_alive(request.keep_alive());
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

HttpResponse json_response(http::status status, const json& body, const HttpRequest& request) {
  return make_response(status, dump_html_safe(body), "application/json; charset=utf-8", request);
}

// A file of the search page, by its name under the web root. `shared`: the file may be loaded by
// pages of any origin (see route()).
HttpResponse static_file(const RouterOptions& options, std::string_view name,
                         const HttpRequest& request, bool shared) {
  const StaticFile* file = options.static_files ? options.static_files->find(name) : nullptr;
  if (file == nullptr) throw Error(ErrorKind::kNotFound, "no such page");
  HttpResponse res =
      make_response(http::status::ok, file->body, file->content_type.c_str(), request);
  res.set(http::field::cache_control, "no-cache");
  if (shared) res.set(http::field::access_control_allow_origin, "*");
  return res;
}

int int_param(const Target& target, const char* name, int fallback, int lo, int hi) {
  const std::string* value = target.get(name);
  if (value == nullptr) return fallback;
  int out = 0;
  auto [end, ec] = std::from_chars(value->data(), value->data() + value->size(), out);
  if (ec != std::errc() || end != value->data() + value->size() || out < lo || out > hi) {
    throw Error(ErrorKind::kInvalidArgument, std::string(name) + " must be an integer " +
                                                 std::to_string(lo) + ".." + std::to_string(hi));
  }
  return out;
}

void only_params(const Target& target, std::initializer_list<std::string_view> allowed) {
  for (const auto& [key, value] : target.params) {
    bool ok = !key.empty() && key[0] == '_';
    for (std::string_view name : allowed) ok = ok || key == name;
    if (!ok) throw Error(ErrorKind::kInvalidArgument, "unknown parameter '" + key + "'");
  }
}

// 401 (with the challenge) or 403 for a request whose key check failed; nullopt when allowed.
std::optional<HttpResponse> deny(AuthResult result, const HttpRequest& request,
                                 const std::string& what) {
  if (result == AuthResult::kAllowed) return std::nullopt;
  if (result == AuthResult::kMissing) {
    HttpResponse res = json_response(
        http::status::unauthorized,
        error_json("unauthorized",
                   what + " needs an API key: send the header Authorization: Bearer KEY"),
        request);
    res.set(http::field::www_authenticate, "Bearer realm=\"dateline\"");
    return res;
  }
  return json_response(http::status::forbidden,
                       error_json("forbidden", "the API key is not valid for " + what), request);
}

// The role of the key the request carries: "admin", "editor", "analytics", or "" (none of
// them). Checked in constant time per key.
std::string key_role(const HttpRequest& request, const RouterOptions& options) {
  std::string_view given = request[http::field::authorization];
  for (auto [key, role] :
       {std::pair{&options.admin_key, "admin"}, std::pair{&options.editor_key, "editor"},
        std::pair{&options.analytics_key, "analytics"}}) {
    if (!key->empty() && check_bearer(given, *key) == AuthResult::kAllowed) return role;
  }
  return "";
}

// Records what the request's key did in the audit log: an embargoed read, a curation edit (a
// takedown records its own, with the tombstone). A failure to record is logged, not the request's.
void audit(const HttpRequest& request, const RouterOptions& options, const std::string& action,
           const std::string& what) {
  if (options.writer == nullptr) return;
  try {
    options.writer->audit({unix_now(), key_role(request, options), action, what});
  } catch (const Error& e) {
    // The read is allowed; the log line says the audit entry is missing.
    std::cerr << "event=audit_failed request_id=" << request["X-Request-Id"] << " error=\""
              << e.what() << "\"\n";
  }
}

// Embargoed and expired articles (include_embargoed=true) are for the analytics key (the
// newsroom's reading role) and the admin key: 403 for any other key, 401 without one; nullopt
// when allowed.
std::optional<HttpResponse> deny_hidden(bool include_hidden, const HttpRequest& request,
                                        const RouterOptions& options) {
  if (!include_hidden) return std::nullopt;
  if (options.admin_key.empty() && options.analytics_key.empty()) {
    return json_response(http::status::forbidden,
                         error_json("forbidden",
                                    "include_embargoed needs the analytics or the admin "
                                    "key, and neither is configured"),
                         request);
  }
  return deny(
      check_bearer(request[http::field::authorization], options.analytics_key, options.admin_key),
      request, "include_embargoed (embargoed and expired articles)");
}

// The request's body as JSON; Error(kInvalidArgument) when it is not.
nlohmann::json json_body(const HttpRequest& request) {
  // A body of nested brackets (1 MiB is room for a million) would overflow the parser's stack.
  if (!json_depth_within(request.body(), kDefaultMaxJsonDepth)) {
    throw Error(ErrorKind::kInvalidArgument,
                "request body: " + json_depth_reason(kDefaultMaxJsonDepth));
  }
  nlohmann::json body = nlohmann::json::parse(request.body(), nullptr, false);
  if (body.is_discarded()) {
    throw Error(ErrorKind::kInvalidArgument, "request body is not valid JSON");
  }
  return body;
}

HttpResponse handle_search(const HttpRequest& request, const Target& target, SearchService& service,
                           const RouterOptions& options) {
  SearchRequest search;
  bool reader = true;  // a search the reader asked for, not the page's follow-up (analytics=false)
  if (request.method() == http::verb::post) {
    nlohmann::json body = json_body(request);
    reader = take_analytics_flag(body);
    search = parse_search_request(body, options.limits, unix_now());
  } else {
    Target params = target;
    reader = take_analytics_flag(params);
    search = parse_search_request(params, options.limits, unix_now());
  }
  if (auto denied = deny_hidden(search.include_hidden, request, options)) return std::move(*denied);
  if (search.include_hidden) audit(request, options, "embargoed_read", "search: " + search.q);
  SearchResponse response = service.search(search);
  json body = to_json(response);
  // Counted: page 1 of a non-blank q the reader asked for (docs/API.md, "Search analytics"); an
  // editor's look at embargoed articles is not a reader's search.
  if (options.analytics != nullptr && reader && search.page == 1 && !search.include_hidden) {
    if (auto id = options.analytics->record_search(search.q, response.hits.size())) {
      body["search_id"] = *id;
    }
  }
  return json_response(http::status::ok, body, request);
}

// /v1/articles/{id} and /v1/articles/{id}/related
HttpResponse handle_article(const HttpRequest& request, const Target& target,
                            SearchService& service, const RouterOptions& options) {
  std::string rest = target.path.substr(std::string("/v1/articles/").size());
  bool related = false;
  if (std::size_t slash = rest.find('/'); slash != std::string::npos) {
    related = rest.substr(slash) == "/related";
    if (!related) {
      throw Error(ErrorKind::kNotFound,
                  "no route for " + target.path + " (percent-encode '/' in ids as %2F)");
    }
    rest.resize(slash);
  }
  if (rest.empty()) throw Error(ErrorKind::kNotFound, "no route for " + target.path);
  std::string id = percent_decode(rest, false);
  if (!related) {
    only_params(target, {"include_embargoed"});
    const std::string* hidden = target.get("include_embargoed");
    std::optional<bool> include = hidden == nullptr || hidden->empty()
                                      ? std::optional(hidden != nullptr)
                                      : parse_bool(*hidden);
    if (!include) {
      throw Error(ErrorKind::kInvalidArgument, "include_embargoed must be true or false");
    }
    bool include_hidden = *include;
    if (auto denied = deny_hidden(include_hidden, request, options)) return std::move(*denied);
    if (include_hidden) audit(request, options, "embargoed_read", "article: " + id);
    return json_response(http::status::ok, service.get_article(id, unix_now(), include_hidden),
                         request);
  }
  only_params(target, {"per_page"});
  int per_page = int_param(target, "per_page", 5, 1, 50);
  return json_response(http::status::ok, to_json(service.related(id, per_page, unix_now())),
                       request);
}

HttpResponse handle_suggest(const HttpRequest& request, const Target& target,
                            SearchService& service, const RouterOptions& options) {
  only_params(target, {"q", "limit"});
  const std::string* q = target.get("q");
  std::string text = q ? *q : "";
  if (text.size() > options.limits.max_query_bytes) {
    throw Error(ErrorKind::kInvalidArgument,
                "q must be at most " + std::to_string(options.limits.max_query_bytes) + " bytes");
  }
  int limit = int_param(target, "limit", 8, 1, 20);
  return json_response(http::status::ok, to_json(service.suggest(text, limit)), request);
}

// DELETE /v1/articles/{id}
// DELETE /v1/articles/{id}, and with {"takedown": "reason"} a takedown (indexer/takedown.h).
// The editor key may take down; a plain delete needs the admin key.
HttpResponse handle_delete(const HttpRequest& request, const Target& target, SearchService&,
                           const RouterOptions& options) {
  only_params(target, {});
  std::string rest = target.path.substr(std::string("/v1/articles/").size());
  if (rest.empty() || rest.find('/') != std::string::npos) {
    throw Error(ErrorKind::kNotFound, "no route for " + target.path);
  }
  std::string id = percent_decode(rest, false);
  std::string role = key_role(request, options);
  if (request.body().find_first_not_of(" \t\r\n") != std::string::npos) {
    if (!json_depth_within(request.body(), kDefaultMaxJsonDepth)) {
      throw Error(ErrorKind::kInvalidArgument,
                  "request body: " + json_depth_reason(kDefaultMaxJsonDepth));
    }
    nlohmann::json body = nlohmann::json::parse(request.body(), nullptr, false);
    if (!body.is_object() || body.size() != 1 || !body.contains("takedown") ||
        !body["takedown"].is_string()) {
      throw Error(ErrorKind::kInvalidArgument,
                  "request body must be {\"takedown\": \"reason\"} (or empty, for a plain delete)");
    }
    TakedownOutcome outcome =
        options.writer->take_down(id, body["takedown"].get<std::string>(), role);
    return json_response(
        http::status::ok,
        {{"deleted", outcome.removed},
         {"id", id},
         {"takedown",
          {{"reason", outcome.takedown.reason}, {"at", format_rfc3339(outcome.takedown.at)}}}},
        request);
  }
  if (role != "admin") {
    return json_response(http::status::forbidden,
                         error_json("forbidden",
                                    "the editor key takes articles down (send {\"takedown\": "
                                    "\"reason\"}); a plain delete needs the admin key"),
                         request);
  }
  if (!options.writer->remove(id)) {
    throw Error(ErrorKind::kNotFound, "no article with id '" + id + "'");
  }
  return json_response(http::status::ok, {{"deleted", true}, {"id", id}}, request);
}

// GET /v1/takedowns: every takedown, oldest first.
HttpResponse handle_takedowns(const HttpRequest& request, const Target& target, SearchService&,
                              const RouterOptions& options) {
  only_params(target, {});
  json list = json::array();
  for (const Takedown& t : options.writer->takedowns()) {
    list.push_back({{"id", t.id}, {"reason", t.reason}, {"at", format_rfc3339(t.at)}});
  }
  return json_response(http::status::ok, {{"takedowns", list}}, request);
}

// GET /v1/audit?from=&to=&limit=: the audit log, newest first (from/to as search's dates).
HttpResponse handle_audit(const HttpRequest& request, const Target& target, SearchService&,
                          const RouterOptions& options) {
  only_params(target, {"from", "to", "limit"});
  std::int64_t now = unix_now();
  SearchRequest range = parse_search_request(
      [&] {
        Target dates;
        for (const auto& [key, value] : target.params) {
          if (key == "from" || key == "to") dates.params.emplace_back(key, value);
        }
        return dates;
      }(),
      options.limits, now);
  int limit = int_param(target, "limit", 100, 1, 1000);
  json entries = json::array();
  for (const AuditEntry& e :
       options.writer->audit_log(range.from.value_or(0), range.to.value_or(now), limit)) {
    entries.push_back(
        {{"at", format_rfc3339(e.at)}, {"who", e.who}, {"action", e.action}, {"detail", e.detail}});
  }
  return json_response(http::status::ok, {{"entries", entries}}, request);
}

// POST /v1/articles: NDJSON of articles and deletes.
HttpResponse handle_post(const HttpRequest& request, const Target& target, SearchService&,
                         const RouterOptions& options) {
  only_params(target, {});
  if (request.body().find_first_not_of(" \t\r\n") == std::string::npos) {
    throw Error(ErrorKind::kInvalidArgument,
                "request body is empty: send NDJSON, one article or delete per line");
  }
  WriteReport report = options.writer->write_ndjson(request.body());
  if (options.metrics != nullptr) options.metrics->add_rejected_records(report.errors.size());
  json results = json::array();
  for (const LineError& e : report.errors)
    results.push_back({{"line", e.line}, {"error", e.error}});
  json body = {{"errors", !report.errors.empty()},
               {"lines", report.lines},
               {"indexed", report.indexed},
               {"deleted", report.deleted},
               {"delete_missing", report.delete_missing},
               {"rejected", report.errors.size()},
               {"documents", report.documents},
               {"results", results}};
  return json_response(
      report.errors.empty() ? http::status::ok : http::status::unprocessable_entity, body, request);
}

HttpResponse handle_healthz(const HttpRequest& request, const Target&, SearchService& service,
                            const RouterOptions&) {
  IndexStats stats = service.stats();
  json body = {{"status", "ok"}, {"documents", stats.documents}};
  if (!stats.shards.empty()) {
    bool all_up = std::all_of(stats.shards.begin(), stats.shards.end(),
                              [](const ShardHealth& s) { return s.up; });
    if (!all_up) body["status"] = "degraded";
    body["shards"] = to_json(stats.shards);
  }
  return json_response(http::status::ok, body, request);
}

HttpResponse handle_stats(const HttpRequest& request, const Target&, SearchService& service,
                          const RouterOptions& options) {
  auto stats = to_json(service.stats());
  if (options.metrics) stats["uptime_seconds"] = std::floor(options.metrics->uptime_seconds());
  return json_response(http::status::ok, stats, request);
}

HttpResponse handle_rss(const HttpRequest& request, const Target& target, SearchService& service,
                        const RouterOptions& options) {
  SearchRequest search = parse_search_request(target, options.limits, unix_now());
  if (auto denied = deny_hidden(search.include_hidden, request, options)) return std::move(*denied);
  if (search.include_hidden) audit(request, options, "embargoed_read", "rss: " + search.q);
  std::string feed = render_rss(service.search(search),
                                feed_base_url(options.public_url, request[http::field::host]));
  return make_response(http::status::ok, feed, "application/rss+xml; charset=utf-8", request);
}

HttpResponse handle_opensearch(const HttpRequest& request, const Target&, SearchService&,
                               const RouterOptions& options) {
  return make_response(
      http::status::ok,
      render_opensearch(feed_base_url(options.public_url, request[http::field::host])),
      "application/opensearchdescription+xml; charset=utf-8", request);
}

HttpResponse handle_metrics(const HttpRequest& request, const Target&, SearchService& service,
                            const RouterOptions& options) {
  if (!options.metrics) throw Error(ErrorKind::kNotFound, "metrics are not enabled");
  IndexGauges gauges = read_index_gauges(service, *options.metrics);
  return make_response(http::status::ok, options.metrics->render(gauges, unix_now()),
                       kPrometheusContentType, request);
}

// POST /v1/events/click: a reader opened a hit. 204 whether or not the search id is known (a
// beacon cannot act on the answer, and a prober learns nothing); 429 over the click rate.
HttpResponse handle_click(const HttpRequest& request, const Target& target, SearchService&,
                          const RouterOptions& options) {
  only_params(target, {});
  ClickEvent click = parse_click_body(request.body());
  if (options.analytics != nullptr &&
      options.analytics->record_click(click.search_id, click.position) ==
          ClickResult::kRateLimited) {
    HttpResponse res =
        json_response(http::status::too_many_requests,
                      error_json("rate_limited", "too many clicks; try again later"), request);
    res.set(http::field::retry_after, "1");
    return res;
  }
  HttpResponse res{http::status::no_content, request.version()};
  res.set(http::field::server, "dateline");
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(request.keep_alive());
  return res;
}

// GET /v1/analytics?from=&to=&limit=
HttpResponse handle_analytics(const HttpRequest& request, const Target& target, SearchService&,
                              const RouterOptions& options) {
  if (options.analytics == nullptr) {
    throw Error(ErrorKind::kNotFound, "search analytics are off (--analytics false)");
  }
  AnalyticsRange range = parse_analytics_range(target, options.analytics->now());
  AnalyticsCounters counters = options.analytics->counters();
  AnalyticsReport report = options.analytics->report(range.from, range.to, range.limit);
  return json_response(http::status::ok, analytics_json(range, report, counters), request);
}

HttpResponse handle_analytics_page(const HttpRequest& request, const Target&, SearchService&,
                                   const RouterOptions& options) {
  return static_file(options, "analytics.html", request, false);
}

HttpResponse handle_page(const HttpRequest& request, const Target&, SearchService&,
                         const RouterOptions& options) {
  return static_file(options, "index.html", request, false);
}

// Static files are public (no key protects them) and hold no user data, so any origin may read
// them: a page elsewhere loads the widget with <script type="module">, which the browser fetches
// in CORS mode, whatever --cors-origins says (that setting guards the API).
HttpResponse handle_static(const HttpRequest& request, const Target& target, SearchService&,
                           const RouterOptions& options) {
  return static_file(options,
                     std::string_view(target.path).substr(std::string_view("/static/").size()),
                     request, true);
}

// GET /v1/curations: the editor's picks stored in the index.
HttpResponse handle_curations(const HttpRequest& request, const Target& target,
                              SearchService& service, const RouterOptions&) {
  only_params(target, {});
  return json_response(http::status::ok, curation_rules_to_json(service.curations()), request);
}

// The rule id of /v1/curations/{id}.
std::string curation_id(const Target& target) {
  std::string rest = target.path.substr(std::string("/v1/curations/").size());
  if (rest.empty() || rest.find('/') != std::string::npos) {
    throw Error(ErrorKind::kNotFound, "no route for " + target.path);
  }
  return percent_decode(rest, false);
}

// PUT /v1/curations/{id}: the body is the rule; creates (201) or replaces (200) it.
HttpResponse handle_put_curation(const HttpRequest& request, const Target& target, SearchService&,
                                 const RouterOptions& options) {
  only_params(target, {});
  std::string id = curation_id(target);
  CurationRule rule = parse_curation_rule(json_body(request), id);
  bool created = put_curation(*options.writer, rule);
  audit(request, options, created ? "curation.create" : "curation.replace",
        id + ": " + curation_rule_to_json(rule).dump());
  return json_response(created ? http::status::created : http::status::ok,
                       {{"created", created}, {"rule", curation_rule_to_json(rule)}}, request);
}

// DELETE /v1/curations/{id}: 404 when there is no such rule.
HttpResponse handle_delete_curation(const HttpRequest& request, const Target& target,
                                    SearchService&, const RouterOptions& options) {
  only_params(target, {});
  std::string id = curation_id(target);
  if (!delete_curation(*options.writer, id)) {
    throw Error(ErrorKind::kNotFound, "no curation rule with id '" + id + "'");
  }
  audit(request, options, "curation.delete", id);
  return json_response(http::status::ok, {{"deleted", true}, {"id", id}}, request);
}

// Which key a route needs (server/auth.h).
enum class Key {
  kNone,     // public
  kSearch,   // the search key when one is set (the admin key also does)
  kAdmin,    // the admin key; without one (or without a writer) writes are disabled
  kMetrics,  // the metrics key when one is set (the admin key also does)
  // The analytics key or the admin key; with neither set, closed (403). The key's role is
  // "analytics and embargoed reads".
  kAnalytics,
  // The editor key or the admin key (takedowns, curations); without either, or without a
  // writer, closed (403).
  kEditor,
};

using Handler = HttpResponse (*)(const HttpRequest&, const Target&, SearchService&,
                                 const RouterOptions&);

// The one route table: every path, its methods, the key it needs, how the transport runs it and
// what it is counted as. 404, 405 with its Allow header, and the key checks all come from here.
// A pattern ending in '/' matches every path under it. GET also allows HEAD.
struct Route {
  std::string_view pattern;
  std::vector<http::verb> methods;
  Key key;
  RequestLane lane;
  MetricsRoute counted_as;
  Handler handler;
};

const std::vector<Route>& routes() {
  using enum http::verb;
  static const std::vector<Route> kRoutes = {
      {"/v1/search",
       {get, post},
       Key::kSearch,
       RequestLane::kQueued,
       MetricsRoute::kSearch,
       &handle_search},
      {"/v1/suggest",
       {get},
       Key::kSearch,
       RequestLane::kQueued,
       MetricsRoute::kSuggest,
       &handle_suggest},
      {"/v1/search.rss",
       {get},
       Key::kSearch,
       RequestLane::kQueued,
       MetricsRoute::kSearchRss,
       &handle_rss},
      {"/v1/stats", {get}, Key::kSearch, RequestLane::kQueued, MetricsRoute::kStats, &handle_stats},
      {"/v1/articles/",
       {get},
       Key::kSearch,
       RequestLane::kQueued,
       MetricsRoute::kArticle,
       &handle_article},
      {"/v1/articles/",
       {delete_},
       Key::kEditor,
       RequestLane::kWriter,
       MetricsRoute::kArticle,
       &handle_delete},
      {"/v1/articles",
       {post},
       Key::kAdmin,
       RequestLane::kWriter,
       MetricsRoute::kOther,
       &handle_post},
      {"/v1/takedowns",
       {get},
       Key::kEditor,
       RequestLane::kQueued,
       MetricsRoute::kOther,
       &handle_takedowns},
      {"/v1/audit", {get}, Key::kAdmin, RequestLane::kQueued, MetricsRoute::kOther, &handle_audit},
      // The editor's picks: the editor key (or the admin key).
      {"/v1/curations",
       {get},
       Key::kEditor,
       RequestLane::kQueued,
       MetricsRoute::kOther,
       &handle_curations},
      {"/v1/curations/",
       {put},
       Key::kEditor,
       RequestLane::kWriter,
       MetricsRoute::kOther,
       &handle_put_curation},
      {"/v1/curations/",
       {delete_},
       Key::kEditor,
       RequestLane::kWriter,
       MetricsRoute::kOther,
       &handle_delete_curation},
      {"/healthz",
       {get},
       Key::kNone,
       RequestLane::kImmediate,
       MetricsRoute::kHealth,
       &handle_healthz},
      {"/metrics",
       {get},
       Key::kMetrics,
       RequestLane::kImmediate,
       MetricsRoute::kMetrics,
       &handle_metrics},
      {"/opensearch.xml",
       {get},
       Key::kNone,
       RequestLane::kQueued,
       MetricsRoute::kOpenSearch,
       &handle_opensearch},
      {"/v1/events/click",
       {post},
       Key::kSearch,
       RequestLane::kQueued,
       MetricsRoute::kOther,
       &handle_click},
      {"/v1/analytics",
       {get},
       Key::kAnalytics,
       RequestLane::kQueued,
       MetricsRoute::kOther,
       &handle_analytics},
      {"/admin/analytics",
       {get},
       Key::kNone,
       RequestLane::kQueued,
       MetricsRoute::kPage,
       &handle_analytics_page},
      {"/", {get}, Key::kNone, RequestLane::kQueued, MetricsRoute::kPage, &handle_page},
      {"/static/", {get}, Key::kNone, RequestLane::kQueued, MetricsRoute::kPage, &handle_static},
  };
  return kRoutes;
}

bool matches(const Route& route, std::string_view path) {
  if (route.pattern.size() > 1 && route.pattern.back() == '/') {
    return path.substr(0, route.pattern.size()) == route.pattern;
  }
  return path == route.pattern;
}

bool allows(const Route& route, http::verb method) {
  if (method == http::verb::head) method = http::verb::get;
  return std::find(route.methods.begin(), route.methods.end(), method) != route.methods.end();
}

// The route for `method` on `path`, or null; `path_known` tells whether any route has the path.
const Route* find_route(std::string_view path, http::verb method, bool* path_known = nullptr) {
  if (path_known != nullptr) *path_known = false;
  for (const Route& route : routes()) {
    if (!matches(route, path)) continue;
    if (path_known != nullptr) *path_known = true;
    if (allows(route, method)) return &route;
  }
  return nullptr;
}

// "GET, HEAD, POST": the methods some route allows on `path`.
std::string allowed_methods(std::string_view path) {
  std::string allow;
  for (const Route& route : routes()) {
    if (!matches(route, path)) continue;
    for (http::verb method : route.methods) {
      if (!allow.empty()) allow += ", ";
      allow += http::to_string(method);
      if (method == http::verb::get) allow += ", HEAD";
    }
  }
  return allow;
}

// 401/403 when the request lacks the key `route` needs; nullopt when it may go on.
std::optional<HttpResponse> check_key(const Route& route, const HttpRequest& request,
                                      const RouterOptions& options) {
  std::string_view given = request[http::field::authorization];
  switch (route.key) {
    case Key::kNone:
      return std::nullopt;
    case Key::kSearch:
      if (options.search_key.empty()) return std::nullopt;
      // The analytics key reads too: its holders read embargoed articles on these routes.
      if (!options.analytics_key.empty() &&
          check_bearer(given, options.analytics_key) == AuthResult::kAllowed) {
        return std::nullopt;
      }
      return deny(check_bearer(given, options.search_key, options.admin_key), request, "searching");
    case Key::kMetrics:
      if (options.metrics_key.empty()) return std::nullopt;
      return deny(check_bearer(given, options.metrics_key, options.admin_key), request, "metrics");
    case Key::kAnalytics:
      if (options.analytics_key.empty() && options.admin_key.empty()) {
        return json_response(http::status::forbidden,
                             error_json("forbidden",
                                        "analytics are closed: no analytics key is configured "
                                        "(set DATELINE_ANALYTICS_KEY)"),
                             request);
      }
      return deny(check_bearer(given, options.analytics_key, options.admin_key), request,
                  "analytics");
    case Key::kAdmin:
      if (options.admin_key.empty() || options.writer == nullptr) {
        return json_response(
            http::status::forbidden,
            error_json("forbidden",
                       "writes are disabled: no admin key is configured (set DATELINE_ADMIN_KEY)"),
            request);
      }
      return deny(check_bearer(given, options.admin_key), request, "writing articles");
    case Key::kEditor:
      if ((options.editor_key.empty() && options.admin_key.empty()) || options.writer == nullptr) {
        return json_response(http::status::forbidden,
                             error_json("forbidden",
                                        "takedowns and curations are disabled: no editor or "
                                        "admin key is configured (set DATELINE_EDITOR_KEY)"),
                             request);
      }
      return deny(check_bearer(given, options.editor_key, options.admin_key), request,
                  "takedowns and curations");
  }
  return std::nullopt;
}

HttpResponse route(const HttpRequest& request, SearchService& service,
                   const RouterOptions& options) {
  Target target = parse_target(request.target());
  bool known = false;
  const Route* found = find_route(target.path, request.method(), &known);
  if (!known) throw Error(ErrorKind::kNotFound, "no route for " + target.path);
  if (found == nullptr) {
    HttpResponse res =
        json_response(http::status::method_not_allowed,
                      error_json("method_not_allowed", std::string(request.method_string()) +
                                                           " is not allowed on " + target.path),
                      request);
    res.set(http::field::allow, allowed_methods(target.path));
    return res;
  }
  if (auto denied = check_key(*found, request, options)) return std::move(*denied);
  return found->handler(request, target, service, options);
}

std::string_view path_of(std::string_view target) { return target.substr(0, target.find('?')); }

}  // namespace

HttpResponse make_error_response(http::status status, const std::string& code,
                                 const std::string& message, unsigned version, bool keep_alive) {
  HttpResponse res{status, version};
  res.set(http::field::server, "dateline");
  res.set(http::field::content_type, "application/json; charset=utf-8");
  res.set(http::field::cache_control, "no-store");
  res.keep_alive(keep_alive);
  res.set("X-Content-Type-Options", "nosniff");
  res.body() = dump_html_safe(error_json(code, message));
  res.prepare_payload();
  return res;
}

RequestLane request_lane(const HttpRequest& request) {
  const Route* route = find_route(path_of(request.target()), request.method());
  return route != nullptr ? route->lane : RequestLane::kQueued;
}

MetricsRoute request_metrics_route(const HttpRequest& request) {
  bool known = false;
  std::string_view path = path_of(request.target());
  if (const Route* route = find_route(path, request.method(), &known)) return route->counted_as;
  if (!known) return MetricsRoute::kOther;
  for (const Route& route : routes()) {  // a method the path does not take: still its route
    if (matches(route, path)) return route.counted_as;
  }
  return MetricsRoute::kOther;
}

HttpResponse handle_request(const HttpRequest& request, SearchService& service,
                            const RouterOptions& options) {
  // The one error edge of a request: whatever is thrown below becomes a JSON response here.
  // Client mistakes (Error) keep their kind; a failure of Xapian that the service did not
  // translate is the index's (503) or a bug (500), logged with the request id, never the end of
  // the process.
  auto fail = [&](http::status status, ErrorKind kind, const std::string& message) {
    return make_error_response(status, error_code(kind), message, request.version(),
                               request.keep_alive());
  };
  auto log = [&](std::string_view what, std::string_view detail) {
    std::cerr << "event=request_failed request_id=" << request["X-Request-Id"] << " error=\""
              << what << ": " << detail << "\"\n";
  };
  HttpResponse res;
  try {
    if (auto preflight = cors_preflight(request, options.cors)) return std::move(*preflight);
    try {
      res = route(request, service, options);
    } catch (const Error& e) {
      res = fail(status_for(e.kind()), e.kind(), e.what());
    } catch (const Xapian::DatabaseError& e) {
      log(e.get_type(), e.get_msg());
      res = fail(http::status::service_unavailable, ErrorKind::kUnavailable,
                 "the index could not be read; try again");
      res.set(http::field::retry_after, "1");
    } catch (const Xapian::NetworkError& e) {
      log(e.get_type(), e.get_msg());
      res = fail(http::status::service_unavailable, ErrorKind::kUnavailable,
                 "the index could not be reached; try again");
      res.set(http::field::retry_after, "1");
    } catch (const Xapian::Error& e) {
      log(e.get_type(), e.get_msg());
      res = fail(http::status::internal_server_error, ErrorKind::kInternal, "internal error");
    } catch (const std::exception& e) {
      // A bug, not the client's fault: log it, and say so without leaking details into the body.
      log("exception", e.what());
      res = fail(http::status::internal_server_error, ErrorKind::kInternal, "internal error");
    }
    if (request.method() == http::verb::head) {
      res.body().clear();  // keep Content-Length as prepared for GET
    }
    add_cors_headers(request, options.cors, res);
  } catch (...) {
    // Out of memory, or a failure while building the error response itself.
    log("exception", "unknown");
    return make_error_response(http::status::internal_server_error, "internal", "internal error",
                               request.version(), false);
  }
  return res;
}

}  // namespace dateline
