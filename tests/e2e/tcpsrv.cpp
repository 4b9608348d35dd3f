#include "tests/e2e/tcpsrv.h"

#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "tests/e2e/wait.h"

namespace dateline::e2e {
namespace {

namespace fs = std::filesystem;

unsigned short tcpsrv_free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("no free port");
  }
  ::close(fd);
  return ntohs(addr.sin_port);
}

bool tcpsrv_accepts(unsigned short port) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = htons(port);
  bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

}  // namespace

std::string xapian_tool(const std::string& name) {
  for (const std::string dir : {"/usr/bin/", "/usr/local/bin/"}) {
    if (::access((dir + name).c_str(), X_OK) == 0) return dir + name;
  }
  return "";
}

std::string tcpsrv_binary() { return xapian_tool("xapian-tcpsrv"); }

TcpServer::TcpServer(std::string db, std::chrono::milliseconds idle_timeout)
    : TcpServer("xapian-tcpsrv", {"--interface", "127.0.0.1", "--port", "{port}", "--idle-timeout",
                                  std::to_string(idle_timeout.count()), std::move(db)}) {}

TcpServer::TcpServer(const std::string& tool, std::vector<std::string> args)
    : binary_(xapian_tool(tool)), args_(std::move(args)), port_(tcpsrv_free_port()) {
  if (binary_.empty()) throw std::runtime_error(tool + " is not installed");
  start();
}

TcpServer::~TcpServer() {
  if (pid_ > 0) kill9();
}

void TcpServer::start() {
  std::vector<std::string> args = {binary_};
  for (const std::string& a : args_) args.push_back(a == "{port}" ? std::to_string(port_) : a);
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::setpgid(0, 0);
    int null = ::open("/dev/null", O_RDWR);
    ::dup2(null, 0);
    ::dup2(null, 1);
    ::dup2(null, 2);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also here, so the group exists before any signal is sent to it
  pid_ = pid;
  if (!eventually([&] { return tcpsrv_accepts(port_); }, std::chrono::seconds(30))) {
    kill9();
    throw std::runtime_error(binary_ + " did not start on port " + std::to_string(port_));
  }
}

void TcpServer::signal_group(int sig) {
  if (pid_ > 0) ::kill(-pid_, sig);
}

void TcpServer::kill9() {
  if (pid_ <= 0) return;
  ::kill(-pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

void TcpServer::restart() {
  kill9();
  start();
}

std::size_t TcpServer::connections() const {
  if (pid_ <= 0) return 0;
  std::size_t n = 0;
  std::error_code ec;
  for (auto it = fs::directory_iterator("/proc", ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    if (name == std::to_string(pid_)) continue;
    std::ifstream stat(it->path() / "stat");
    std::string line;
    std::getline(stat, line);
    // "pid (comm) state ppid pgrp ...": the group is the fifth field, after the comm's ')'.
    std::size_t close = line.rfind(')');
    if (close == std::string::npos) continue;
    std::istringstream rest(line.substr(close + 2));
    std::string state;
    long ppid = 0, pgrp = 0;
    rest >> state >> ppid >> pgrp;
    if (pgrp == pid_ && state != "Z") ++n;
  }
  return n;
}

}  // namespace dateline::e2e
