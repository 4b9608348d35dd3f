#include "indexer/input.h"

#include <cerrno>
#include <cstring>
#include <streambuf>
#include <vector>

#include <unistd.h>
#include <zlib.h>

#include "core/error.h"

namespace dateline {
namespace {

// A read-only streambuf over zlib's gzFile, which passes non-gzip input through unchanged.
class GzStreambuf : public std::streambuf {
 public:
  explicit GzStreambuf(gzFile file) : file_(file), buffer_(1 << 16) {}
  ~GzStreambuf() override { gzclose(file_); }
  GzStreambuf(const GzStreambuf&) = delete;
  GzStreambuf& operator=(const GzStreambuf&) = delete;

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    int n = gzread(file_, buffer_.data(), static_cast<unsigned>(buffer_.size()));
    if (n <= 0) return traits_type::eof();  // a truncated gzip stream ends the input here
    setg(buffer_.data(), buffer_.data(), buffer_.data() + n);
    return traits_type::to_int_type(*gptr());
  }

 private:
  gzFile file_;
  std::vector<char> buffer_;
};

class GzIstream : public std::istream {
 public:
  explicit GzIstream(gzFile file) : std::istream(nullptr), buf_(file) { rdbuf(&buf_); }

 private:
  GzStreambuf buf_;
};

}  // namespace

std::unique_ptr<std::istream> open_input(const std::string& path) {
  gzFile file = path == "-" ? gzdopen(dup(0), "rb") : gzopen(path.c_str(), "rb");
  if (file == nullptr) {
    throw Error(ErrorKind::kNotFound, "cannot open " + path + ": " + std::strerror(errno));
  }
  gzbuffer(file, 1 << 17);
  return std::make_unique<GzIstream>(file);
}

}  // namespace dateline
