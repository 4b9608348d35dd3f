#include "tests/e2e/process.h"

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <boost/test/unit_test.hpp>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

namespace dateline::e2e {
namespace {

std::string temp_file(const char* tag) {
  char path[] = "/tmp/dateline-e2e-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) throw std::runtime_error("mkstemp failed");
  close(fd);
  return std::string(path) + (unlink(path), tag);
}

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// fork + exec with the given fds as stdin/stdout and stderr redirected to a file.
pid_t spawn(const std::vector<std::string>& args, int in_fd, int out_fd, const std::string& err) {
  std::vector<char*> argv;
  std::string binary = dateline_binary();
  argv.push_back(binary.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    int err_fd = open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(in_fd, 0);
    dup2(out_fd, 1);
    dup2(err_fd, 2);
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

int decode_status(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + WTERMSIG(status);
}

}  // namespace

std::string dateline_binary() { return DATELINE_BINARY; }

std::string source_path(const std::string& relative) {
  return std::string(DATELINE_SOURCE_DIR) + "/" + relative;
}

CommandResult run_dateline(const std::vector<std::string>& args, const std::string& input,
                           std::chrono::seconds timeout) {
  std::string in_path = temp_file(".in"), out_path = temp_file(".out"),
              err_path = temp_file(".err");
  std::ofstream(in_path, std::ios::binary) << input;
  int in_fd = open(in_path.c_str(), O_RDONLY | O_CLOEXEC);
  int out_fd = open(out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  pid_t pid = spawn(args, in_fd, out_fd, err_path);
  close(in_fd);
  close(out_fd);
  CommandResult result;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      BOOST_FAIL("dateline did not finish within the time limit");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  result.exit_code = decode_status(status);
  result.out = slurp(out_path);
  result.err = slurp(err_path);
  for (const auto& p : {in_path, out_path, err_path}) std::remove(p.c_str());
  return result;
}

Child::Child(const std::vector<std::string>& args) {
  int in_pipe[2], out_pipe[2];
  if (pipe2(in_pipe, O_CLOEXEC) != 0 || pipe2(out_pipe, O_CLOEXEC) != 0)
    throw std::runtime_error("pipe failed");
  stderr_path_ = temp_file(".err");
  pid_ = spawn(args, in_pipe[0], out_pipe[1], stderr_path_);
  close(in_pipe[0]);
  close(out_pipe[1]);
  stdin_fd_ = in_pipe[1];
  stdout_fd_ = out_pipe[0];
}

Child::~Child() {
  close_stdin();
  if (!exited_ && pid_ > 0) {
    kill(pid_, SIGKILL);
    int status;
    waitpid(pid_, &status, 0);
  }
  if (stdout_fd_ >= 0) close(stdout_fd_);
  std::remove(stderr_path_.c_str());
}

std::string Child::read_line(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (true) {
    std::size_t nl = buffer_.find('\n');
    if (nl != std::string::npos) {
      std::string line = buffer_.substr(0, nl);
      buffer_.erase(0, nl + 1);
      return line;
    }
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return "";
    pollfd p{stdout_fd_, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return "";
    char chunk[4096];
    ssize_t n = read(stdout_fd_, chunk, sizeof chunk);
    if (n <= 0) return "";
    buffer_.append(chunk, static_cast<std::size_t>(n));
  }
}

void Child::close_stdin() {
  if (stdin_fd_ >= 0) close(stdin_fd_);
  stdin_fd_ = -1;
}

void Child::signal(int sig) {
  if (!exited_) kill(pid_, sig);
}

int Child::wait(std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!exited_) {
    int status;
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      exited_ = true;
      exit_code_ = decode_status(status);
      break;
    }
    if (std::chrono::steady_clock::now() > deadline) return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return exit_code_;
}

namespace {

std::vector<std::string> serve_args(const std::string& db, unsigned threads,
                                    const std::vector<std::string>& extra) {
  std::vector<std::string> args = {
      "serve", "--db", db, "--port", "0", "--threads", std::to_string(threads)};
  args.insert(args.end(), extra.begin(), extra.end());
  return args;
}

}  // namespace

Server::Server(const std::string& db, unsigned threads, const std::vector<std::string>& extra)
    : child_(serve_args(db, threads, extra)) {
  std::string line = child_.read_line(std::chrono::seconds(30));
  // "dateline: serving DB on http://127.0.0.1:PORT/"
  std::size_t colon = line.rfind(':');
  if (line.find("http://127.0.0.1:") == std::string::npos || colon == std::string::npos) {
    throw std::runtime_error("server did not start: '" + line + "' " + slurp(child_.stderr_path()));
  }
  port_ = static_cast<unsigned short>(std::stoi(line.substr(colon + 1)));
}

}  // namespace dateline::e2e
