// A fresh directory under the system temp dir for one end-to-end test, removed with everything in
// it when the test ends.
#pragma once

#include <filesystem>
#include <random>
#include <string>
#include <system_error>

namespace dateline::e2e {

class ScratchDir {
 public:
  explicit ScratchDir(const std::string& prefix) {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() /
           (prefix + "-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::filesystem::path& path() const { return dir_; }
  // The path of `name` inside it.
  std::string path(const std::string& name) const { return (dir_ / name).string(); }

 private:
  std::filesystem::path dir_;
};

}  // namespace dateline::e2e
