#include "server/auth.h"

#include <cstddef>

namespace dateline {

bool constant_time_equals(std::string_view a, std::string_view b) {
  // Every byte of `b` is looked at whatever `a` is; differences are OR-ed, never branched on.
  unsigned diff = a.size() == b.size() ? 0U : 1U;
  for (std::size_t i = 0; i < b.size(); ++i) {
    unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
    diff |= static_cast<unsigned>(x ^ static_cast<unsigned char>(b[i]));
  }
  return diff == 0;
}

AuthResult check_bearer(std::string_view authorization, std::string_view key,
                        std::string_view other_key) {
  if (key.empty() && other_key.empty()) return AuthResult::kAllowed;
  constexpr std::string_view kScheme = "Bearer ";
  if (authorization.size() <= kScheme.size()) return AuthResult::kMissing;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    char c = authorization[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    char want = kScheme[i] >= 'A' && kScheme[i] <= 'Z' ? static_cast<char>(kScheme[i] - 'A' + 'a')
                                                       : kScheme[i];
    if (c != want) return AuthResult::kMissing;
  }
  std::string_view token = authorization.substr(kScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  if (token.empty()) return AuthResult::kMissing;
  bool ok = (!key.empty() && constant_time_equals(token, key)) ||
            (!other_key.empty() && constant_time_equals(token, other_key));
  return ok ? AuthResult::kAllowed : AuthResult::kForbidden;
}

}  // namespace dateline
