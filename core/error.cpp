#include "core/error.h"

namespace dateline {

const char* error_code(ErrorKind kind) noexcept {
  switch (kind) {
    case ErrorKind::kInvalidArgument:
      return "invalid_argument";
    case ErrorKind::kNotFound:
      return "not_found";
    case ErrorKind::kUnavailable:
      return "unavailable";
    case ErrorKind::kLocked:
      return "locked";
    case ErrorKind::kInternal:
      return "internal";
  }
  return "internal";
}

}  // namespace dateline
