// The wall clock, in the unit the index and the API use.
#pragma once

#include <chrono>
#include <cstdint>

namespace dateline {

// Seconds since the Unix epoch, now.
inline std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace dateline
