// API keys: `Authorization: Bearer <key>` checks for the router. No I/O, no HTTP types.
#pragma once

#include <string>
#include <string_view>

namespace dateline {

// Whether `a` equals `b`, in time that depends only on their lengths, not on where they differ
// (so a client cannot find a key byte by byte from response times).
bool constant_time_equals(std::string_view a, std::string_view b);

enum class AuthResult {
  kAllowed,    // no key needed, or a right key given
  kMissing,    // a key is needed and none was given: 401 with WWW-Authenticate
  kForbidden,  // a wrong key was given: 403
};

// Checks an Authorization header value against the keys that are accepted (empty keys are
// ignored). With no accepted key at all, everything is allowed.
AuthResult check_bearer(std::string_view authorization, std::string_view key,
                        std::string_view other_key = {});

}  // namespace dateline
