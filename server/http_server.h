// The HTTP transport: an acceptor and N worker threads, each with its own io_context and its own
// SearchService (Xapian handles are not thread-safe, so nothing Xapian is shared). Connections
// are handed round-robin to workers and stay on their worker for life.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "server/router.h"

namespace dateline {

struct ServerOptions {
  std::string db_path = "var/db";
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;                // 0 picks a free port (see HttpServer::port)
  unsigned threads = 0;                     // 0 = number of cores
  std::size_t max_body_bytes = 1 << 20;     // larger request bodies get 413
  std::size_t max_header_bytes = 16 << 10;  // larger request heads get 431
  std::chrono::seconds read_timeout{30};    // a request must arrive within this
  bool access_log = true;                   // one line per request on stderr
  RouterOptions router;
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
