// Request ids: the id a client sends in X-Request-Id is kept when it is sane, otherwise the server
// makes one. The id is echoed in the response and written in the access log, so a request can be
// followed from a browser or a proxy into the server's log.
#pragma once

#include <string>
#include <string_view>

namespace dateline {

// Longest request id accepted from a client.
constexpr std::size_t kMaxRequestIdBytes = 64;

// True when `id` is 1..kMaxRequestIdBytes characters from [A-Za-z0-9._:-]: safe to echo in a
// header and to write in a log line unquoted.
bool is_valid_request_id(std::string_view id);

// A fresh id: 16 lowercase hex digits, random. Thread-safe (each thread has its own generator).
std::string new_request_id();

// `offered` when it is valid, else a new id.
std::string choose_request_id(std::string_view offered);

}  // namespace dateline
