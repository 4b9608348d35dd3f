#include "server/request_id.h"

#include <cstdint>
#include <random>

namespace dateline {

bool is_valid_request_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxRequestIdBytes) return false;
  for (char c : id) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string new_request_id() {
  // One generator per thread, so making ids never takes a lock.
  thread_local std::mt19937_64 generator{std::random_device{}()};
  static const char* kHex = "0123456789abcdef";
  std::uint64_t bits = generator();
  std::string id(16, '0');
  for (std::size_t i = 0; i < id.size(); ++i) {
    id[i] = kHex[bits & 15];
    bits >>= 4;
  }
  return id;
}

std::string choose_request_id(std::string_view offered) {
  return is_valid_request_id(offered) ? std::string(offered) : new_request_id();
}

}  // namespace dateline
