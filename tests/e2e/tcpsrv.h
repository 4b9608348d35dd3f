// Stock `xapian-tcpsrv` (and `xapian-replicate-server`) processes for end-to-end tests of
// sharded and replicated indexes: one serves one shard (or one replication master) on
// 127.0.0.1, in a process group of its own, so that a test can kill, stop or restart the
// listener together with the per-connection processes it forks. Stopped (SIGKILL to the group)
// when the handle is destroyed.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include <sys/types.h>

namespace dateline::e2e {

// The xapian-tcpsrv binary, or "" when it is not installed (the tests then skip, saying so).
std::string tcpsrv_binary();

// Another tool of the same package ("xapian-replicate-server"), or "" when not installed.
std::string xapian_tool(const std::string& name);

class TcpServer {
 public:
  // Serves `db` on a free 127.0.0.1 port; returns once it accepts connections (30 s bound).
  // `idle_timeout`: xapian-tcpsrv's --idle-timeout.
  explicit TcpServer(std::string db,
                     std::chrono::milliseconds idle_timeout = std::chrono::seconds(60));
  // Any listener of the package: `args` after the binary, with "{port}" replaced by the port.
  TcpServer(const std::string& tool, std::vector<std::string> args);
  ~TcpServer();
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;

  unsigned short port() const { return port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }

  void signal_group(int sig);  // to the listener and every connection process
  void kill9();                // SIGKILL to the group, and wait for the listener
  void restart();              // after kill9(): serve again on the same port
  // Processes of the group besides the listener: one per open connection.
  std::size_t connections() const;

 private:
  void start();

  std::string binary_;
  std::vector<std::string> args_;  // after the binary; "{port}" stands for port_
  unsigned short port_ = 0;
  pid_t pid_ = -1;
};

}  // namespace dateline::e2e
