#include "server/router.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/error.h"
#include "server/json_codec.h"
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

const char* content_type_for(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".json") return "application/json";
  return "application/octet-stream";
}

// Serves a file under the web root; `relative` comes from the URL and is checked to stay inside.
HttpResponse static_file(const std::string& web_root, const std::string& relative,
                         const HttpRequest& request) {
  if (web_root.empty() || relative.find("..") != std::string::npos || relative.empty() ||
      relative.find('\0') != std::string::npos) {
    throw Error(ErrorKind::kNotFound, "no such page");
  }
  std::filesystem::path path = std::filesystem::path(web_root) / relative;
  std::ifstream in(path, std::ios::binary);
  if (!in || std::filesystem::is_directory(path)) throw Error(ErrorKind::kNotFound, "no such page");
  std::ostringstream body;
  body << in.rdbuf();
  HttpResponse res = make_response(http::status::ok, body.str(), content_type_for(path), request);
  res.set(http::field::cache_control, "no-cache");
  return res;
}

HttpResponse route(const HttpRequest& request, SearchService& service,
                   const RouterOptions& options) {
  Target target = parse_target(request.target());
  const std::string& path = target.path;

  bool known = path == "/v1/search" || path == "/healthz" || path == "/v1/stats" ||
               path.rfind("/v1/articles/", 0) == 0 || path == "/" || path.rfind("/static/", 0) == 0;
  if (!known) throw Error(ErrorKind::kNotFound, "no route for " + path);
  if (request.method() != http::verb::get && request.method() != http::verb::head) {
    HttpResponse res =
        json_response(http::status::method_not_allowed,
                      error_json("method_not_allowed", std::string(request.method_string()) +
                                                           " is not allowed on " + path),
                      request);
    res.set(http::field::allow, "GET, HEAD");
    return res;
  }

  if (path == "/v1/search") {
    SearchRequest search = parse_search_request(target, options.limits);
    return json_response(http::status::ok, to_json(service.search(search)), request);
  }
  if (path.rfind("/v1/articles/", 0) == 0) {
    std::string raw_id = path.substr(std::string("/v1/articles/").size());
    if (raw_id.empty() || raw_id.find('/') != std::string::npos) {
      throw Error(ErrorKind::kNotFound,
                  "no route for " + path + " (percent-encode '/' in ids as %2F)");
    }
    return json_response(http::status::ok, service.get_article(percent_decode(raw_id, false)),
                         request);
  }
  if (path == "/healthz") {
    return json_response(http::status::ok,
                         {{"status", "ok"}, {"documents", service.stats().documents}}, request);
  }
  if (path == "/v1/stats")
    return json_response(http::status::ok, to_json(service.stats()), request);
  if (path == "/") return static_file(options.web_root, "index.html", request);
  return static_file(options.web_root, path.substr(std::string("/static/").size()), request);
}

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

HttpResponse handle_request(const HttpRequest& request, SearchService& service,
                            const RouterOptions& options) {
  HttpResponse res;
  try {
    res = route(request, service, options);
  } catch (const Error& e) {
    res = make_error_response(status_for(e.kind()), error_code(e.kind()), e.what(),
                              request.version(), request.keep_alive());
  } catch (const std::exception& e) {
    // A bug, not the client's fault: log it, and say so without leaking details into the body.
    std::cerr << "dateline: internal error on " << request.target() << ": " << e.what() << "\n";
    res = make_error_response(http::status::internal_server_error, "internal", "internal error",
                              request.version(), request.keep_alive());
  }
  if (request.method() == http::verb::head) {
    res.body().clear();  // keep Content-Length as prepared for GET
  }
  return res;
}

}  // namespace dateline
