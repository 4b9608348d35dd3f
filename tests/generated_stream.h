// An input stream made up as it is read, for tests of hostile input too large to build in memory:
// a prefix, `fill` repeated to `fill_bytes`, then a suffix. It counts the bytes a reader pulled,
// so a test can check that a reader stopped at its limit.
#pragma once

#include <algorithm>
#include <cstddef>
#include <istream>
#include <streambuf>
#include <string>

namespace dateline::test {

class GeneratedStreambuf : public std::streambuf {
 public:
  GeneratedStreambuf(std::string prefix, char fill, std::size_t fill_bytes, std::string suffix)
      : prefix_(std::move(prefix)),
        suffix_(std::move(suffix)),
        fill_left_(fill_bytes),
        chunk_(4096, fill) {}

  // Bytes handed to the reader so far.
  std::size_t pulled() const { return pulled_; }

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    if (stage_ == 0) {
      stage_ = 1;
      if (!prefix_.empty()) return serve(prefix_.data(), prefix_.size());
    }
    if (stage_ == 1) {
      if (fill_left_ > 0) {
        std::size_t n = std::min(fill_left_, chunk_.size());
        fill_left_ -= n;
        return serve(chunk_.data(), n);
      }
      stage_ = 2;
      if (!suffix_.empty()) return serve(suffix_.data(), suffix_.size());
    }
    return traits_type::eof();
  }

 private:
  int_type serve(const char* data, std::size_t n) {
    char* p = const_cast<char*>(data);
    setg(p, p, p + n);
    pulled_ += n;
    return traits_type::to_int_type(*p);
  }

  std::string prefix_, suffix_;
  std::size_t fill_left_;
  std::string chunk_;
  int stage_ = 0;
  std::size_t pulled_ = 0;
};

}  // namespace dateline::test
