// Starting the real dateline binary from tests: run-to-completion commands and long-running
// servers, with every process stopped by the time its handle is destroyed.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <sys/types.h>

namespace dateline::e2e {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Path of the dateline binary under test, and of the source tree.
std::string dateline_binary();
std::string source_path(const std::string& relative);

// Runs dateline with `args`, feeding `input` on stdin, and waits up to `timeout` (then kills it
// and fails the test).
CommandResult run_dateline(const std::vector<std::string>& args, const std::string& input = "",
                           std::chrono::seconds timeout = std::chrono::seconds(120));

// A child process whose stdin stays open until close_stdin(); its stdout is read line by line.
class Child {
 public:
  explicit Child(const std::vector<std::string>& args);
  ~Child();  // SIGKILLs the process if it is still running
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  // Reads one line of stdout; "" at end of output or after `timeout`.
  std::string read_line(std::chrono::milliseconds timeout);
  void close_stdin();
  void signal(int sig);
  // Waits for exit up to `timeout`; returns the exit code, or -1 on timeout.
  int wait(std::chrono::milliseconds timeout);
  const std::string& stderr_path() const { return stderr_path_; }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  std::string buffer_;
  std::string stderr_path_;
  bool exited_ = false;
  int exit_code_ = -1;
};

// A dateline server on 127.0.0.1 with an ephemeral port, stopped on destruction.
class Server {
 public:
  // `extra` are more `dateline serve` arguments ("--read-timeout", "1s", ...).
  explicit Server(const std::string& db, unsigned threads = 2,
                  const std::vector<std::string>& extra = {});
  unsigned short port() const { return port_; }
  Child& process() { return child_; }

 private:
  Child child_;
  unsigned short port_ = 0;
};

}  // namespace dateline::e2e
