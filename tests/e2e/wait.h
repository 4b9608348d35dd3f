// Waiting on a condition instead of sleeping, and the process facts tests wait on. Every wait is
// bounded: a condition that never holds costs its limit and fails the check, not the run.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <system_error>
#include <thread>

#include <fcntl.h>
#include <sys/types.h>
#include <unistd.h>

namespace dateline::e2e {

// Polls `condition` every 20 ms until it holds or `limit` has passed; returns whether it held.
template <class Condition>
bool eventually(Condition condition, std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

// File descriptors the process has open (sockets included); 0 once it is gone.
inline std::size_t open_fds(pid_t pid) {
  std::size_t n = 0;
  std::error_code ec;
  for (auto it = std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd", ec);
       !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
    ++n;
  }
  return n;
}

// Whether some process holds the write lock of the Xapian database in `db_dir`. Asks the kernel
// (F_GETLK on the lock file) rather than trying to take the lock, so a test waiting for a writer
// to start can never win the lock from it.
inline bool write_locked(const std::filesystem::path& db_dir) {
  int fd = ::open((db_dir / "flintlock").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct flock lock {};
  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  lock.l_start = 0;
  lock.l_len = 1;
  bool held = ::fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
  ::close(fd);
  return held;
}

}  // namespace dateline::e2e
