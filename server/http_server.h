// The HTTP transport: an acceptor and N worker threads, each with its own io_context and its own
// SearchService (Xapian handles are not thread-safe, so nothing Xapian is shared). Connections
// are handed round-robin to workers and stay on their worker for life.
//
// Hostile clients: at most max_connections sessions exist at once; every read, idle wait and
// write is timed; when accept() fails (out of file descriptors) the listener backs off (50 ms
// doubling to 1 s) instead of spinning, and logs event=accept_failed once per burst.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "server/analytics.h"
#include "server/router.h"

namespace dateline {

// Everything `dateline serve` can be told, with its default. Loaded once (flags, environment,
// config file: see server/config.h), validated once, then passed by const&. docs/OPERATIONS.md has
// the same list as a table.
struct ServerOptions {
  std::string db_path = "var/db";
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port (see HttpServer::port)
  unsigned threads = 0;       // 0 = number of cores
  // Request limits. A request over one is answered with the status named and then the connection
  // is closed; the server carries on.
  std::size_t max_request_line_bytes = 8 << 10;  // "GET /target HTTP/1.1" longer: 414
  std::size_t max_header_bytes = 16 << 10;       // request line + headers larger: 431
  std::size_t max_body_bytes = 1 << 20;          // larger request bodies: 413
  // Timeouts. read_timeout runs from the first byte of a request to its end (then 408); an open
  // keep-alive connection with no request for idle_timeout is closed without a word.
  std::chrono::milliseconds read_timeout{10'000};
  std::chrono::milliseconds idle_timeout{30'000};
  // After SIGTERM/SIGINT: idle connections close at once, requests in flight get this long.
  std::chrono::milliseconds shutdown_grace{10'000};
  // A response not fully sent within write_timeout (a client that stops reading) closes the
  // connection.
  std::chrono::milliseconds write_timeout{10'000};
  // Connections open at once, over all workers. Past it a new connection is answered with a
  // fixed 503 (Retry-After: 1) and closed at once: it never gets a session, a timer or a buffer.
  std::size_t max_connections = 1024;
  // Overload. A worker handles its connections one request at a time, so under load requests
  // wait for it; they are admitted as follows (all but admin writes, /healthz and /metrics):
  // - a request fully read joins its worker's queue (behind the handlers already there); when
  //   max_queued_searches requests of the whole server are already queued, it is answered 503
  //   at once;
  // - when the worker gets to it, a request that has waited longer than queue_timeout since its
  //   last byte was read is answered 503 (its client has likely given up: do no work for it);
  // - it then runs when fewer than max_inflight_searches requests run server-wide, else it stays
  //   queued (re-checked every 2 ms, still within queue_timeout).
  // Every such 503 is {"error":{"code":"overloaded",...}} with Retry-After: 1.
  unsigned max_inflight_searches = 0;  // 0 = threads (one per worker: no extra bound)
  std::size_t max_queued_searches = 64;
  std::chrono::milliseconds queue_timeout{2'000};
  bool access_log = true;  // one logfmt line per request on stderr
  // What the access log line may say about the reader: the client's address (remote=) and the
  // target's query string (the search words). Off: remote=- and the path alone.
  bool access_log_remote = false;
  bool access_log_query = false;
  // Search analytics (server/analytics.h): the store is opened by HttpServer, at
  // analytics.path or "<db_path>.analytics.sqlite".
  AnalyticsOptions analytics;
  // Admin writes (POST/DELETE /v1/articles) run one at a time on a writer thread of their own,
  // so they never stall a worker; they wait at most this long for another process's write lock
  // (a `dateline index` job), then answer 503. Past 16 writes waiting, 503 at once (Retry-After).
  // The keys are in `router`.
  std::chrono::milliseconds write_lock_wait{10'000};
  // Editor's picks file (server/curation_store.h, docs/OPERATIONS.md): JSON rules that replace
  // the index's stored rules at start and whenever the file's text changes, looked at every
  // curations_check_interval on the writer thread; "" = none (the API alone edits them).
  std::string curations_path;
  std::chrono::milliseconds curations_check_interval{1000};
  RouterOptions router;    // q length, per_page, page depth, web root, CORS, public URL
  ServiceOptions service;  // wildcard expansion, count limit
};

class HttpServer {
 public:
  // Opens one SearchService per thread and binds the listening socket. Throws Error on a bad
  // index or when the address cannot be bound.
  explicit HttpServer(const ServerOptions& options);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // The bound port (useful with port 0).
  std::uint16_t port() const;

  // Serves until SIGINT or SIGTERM, or until stop() is called from another thread.
  void run();

  // Asks run() to return. Thread-safe.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dateline
