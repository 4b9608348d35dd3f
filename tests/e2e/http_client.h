// A minimal blocking HTTP/1.1 client for end-to-end tests, with a per-request time limit.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace dateline::e2e {

struct HttpResult {
  unsigned status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string header(const std::string& name) const;
};

// Sends one request to 127.0.0.1:port and returns the response (5 s time limit).
HttpResult http_request(unsigned short port, const std::string& method, const std::string& target,
                        const std::string& body = "");

// Sends `raw` bytes as the request and returns the response; for malformed requests.
HttpResult http_raw(unsigned short port, const std::string& raw);

// A client socket driven by hand: partial requests, one response at a time, and watching for the
// server to close. Every wait is bounded (5 s unless told).
class RawConnection {
 public:
  explicit RawConnection(unsigned short port);
  ~RawConnection();
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  void send(const std::string& bytes);
  HttpResult read_response();
  // True when bytes of a response are there to read, without reading them.
  bool has_response() const;
  // True when the server closes the connection within `limit`; what arrives first is dropped.
  bool closed_within(std::chrono::milliseconds limit);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Percent-encodes a query parameter value.
std::string url_encode(const std::string& value);

}  // namespace dateline::e2e
