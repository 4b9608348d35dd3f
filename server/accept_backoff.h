// How long the listener waits before accepting again after accept() failed. The usual failures
// are the process or system running out of file descriptors (EMFILE, ENFILE) or kernel memory
// (ENOBUFS, ENOMEM); the listening socket stays readable meanwhile, so accepting again at once
// would spin a core without making progress. No I/O here: the transport owns the timer.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>

namespace dateline {

// The delay starts at `first` and doubles with each failure in a row, up to `most`; a successful
// accept starts over. Not thread-safe: the accept thread owns it.
class AcceptBackoff {
 public:
  explicit AcceptBackoff(std::chrono::milliseconds first = std::chrono::milliseconds(50),
                         std::chrono::milliseconds most = std::chrono::seconds(1))
      : first_(first), most_(most) {}

  // Records a failure and returns how long to wait before the next accept.
  std::chrono::milliseconds on_failure() {
    delay_ = failures_ == 0 ? first_ : std::min(delay_ * 2, most_);
    ++failures_;
    return delay_;
  }

  // Records a success; returns the failures in the burst it ends (0 when there was none).
  std::uint64_t on_success() {
    std::uint64_t ended = failures_;
    failures_ = 0;
    return ended;
  }

  // Failures since the last success. The first of a burst is the one worth a log line.
  std::uint64_t failures() const { return failures_; }

 private:
  std::chrono::milliseconds first_;
  std::chrono::milliseconds most_;
  std::chrono::milliseconds delay_{0};
  std::uint64_t failures_ = 0;
};

}  // namespace dateline
