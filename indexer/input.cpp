#include "indexer/input.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <streambuf>
#include <vector>

#include <fcntl.h>
#include <unistd.h>
#include <zlib.h>
#include <zstd.h>

#include "core/error.h"

namespace dateline {
namespace {

// A pull source of bytes; read() returns 0 at the end.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual std::size_t read(char* out, std::size_t n) = 0;
};

class FdSource : public ByteSource {
 public:
  FdSource(int fd, std::uint64_t& counter) : fd_(fd), counter_(counter) {}
  ~FdSource() override { ::close(fd_); }
  FdSource(const FdSource&) = delete;
  FdSource& operator=(const FdSource&) = delete;

  std::size_t read(char* out, std::size_t n) override {
    while (true) {
      ssize_t got = ::read(fd_, out, n);
      if (got < 0 && errno == EINTR) continue;
      if (got <= 0) return 0;
      counter_ += static_cast<std::uint64_t>(got);
      return static_cast<std::size_t>(got);
    }
  }

 private:
  int fd_;
  std::uint64_t& counter_;
};

// Serves `prefix` first, then the rest of `inner`: how sniffed bytes are put back.
class PrefixedSource : public ByteSource {
 public:
  PrefixedSource(std::string prefix, std::unique_ptr<ByteSource> inner)
      : prefix_(std::move(prefix)), inner_(std::move(inner)) {}

  std::size_t read(char* out, std::size_t n) override {
    if (pos_ < prefix_.size()) {
      std::size_t k = std::min(n, prefix_.size() - pos_);
      std::memcpy(out, prefix_.data() + pos_, k);
      pos_ += k;
      return k;
    }
    return inner_->read(out, n);
  }

 private:
  std::string prefix_;
  std::size_t pos_ = 0;
  std::unique_ptr<ByteSource> inner_;
};

// Reads until `n` bytes or the end.
std::string read_up_to(ByteSource& source, std::size_t n) {
  std::string out(n, '\0');
  std::size_t have = 0;
  while (have < n) {
    std::size_t got = source.read(out.data() + have, n - have);
    if (got == 0) break;
    have += got;
  }
  out.resize(have);
  return out;
}

class GzipSource : public ByteSource {
 public:
  GzipSource(std::unique_ptr<ByteSource> inner, std::string& error)
      : inner_(std::move(inner)), error_(error), in_(1 << 16) {
    std::memset(&z_, 0, sizeof z_);
    inflateInit2(&z_, 15 + 16);
  }
  ~GzipSource() override { inflateEnd(&z_); }
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;

  std::size_t read(char* out, std::size_t n) override {
    if (done_) return 0;
    z_.next_out = reinterpret_cast<Bytef*>(out);
    z_.avail_out = static_cast<uInt>(n);
    while (z_.avail_out == n) {
      if (z_.avail_in == 0) {
        std::size_t got = inner_->read(in_.data(), in_.size());
        if (got == 0) {
          if (started_member_) error_ = "truncated gzip data";
          done_ = true;
          break;
        }
        z_.next_in = reinterpret_cast<Bytef*>(in_.data());
        z_.avail_in = static_cast<uInt>(got);
      }
      started_member_ = true;
      int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        started_member_ = false;
        inflateReset(&z_);  // another member may follow (concatenated .gz files)
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        error_ = std::string("corrupt gzip data") + (z_.msg ? std::string(": ") + z_.msg : "");
        done_ = true;
        break;
      }
    }
    return n - z_.avail_out;
  }

 private:
  std::unique_ptr<ByteSource> inner_;
  std::string& error_;
  std::vector<char> in_;
  z_stream z_;
  bool started_member_ = false;
  bool done_ = false;
};

class ZstdSource : public ByteSource {
 public:
  ZstdSource(std::unique_ptr<ByteSource> inner, std::string& error)
      : inner_(std::move(inner)),
        error_(error),
        dctx_(ZSTD_createDCtx()),
        in_(ZSTD_DStreamInSize()) {}
  ~ZstdSource() override { ZSTD_freeDCtx(dctx_); }
  ZstdSource(const ZstdSource&) = delete;
  ZstdSource& operator=(const ZstdSource&) = delete;

  std::size_t read(char* out, std::size_t n) override {
    if (done_) return 0;
    ZSTD_outBuffer output{out, n, 0};
    while (output.pos == 0) {
      if (input_.pos == input_.size) {
        std::size_t got = inner_->read(in_.data(), in_.size());
        if (got == 0) {
          if (pending_) error_ = "truncated zstd data";
          done_ = true;
          break;
        }
        input_ = ZSTD_inBuffer{in_.data(), got, 0};
      }
      std::size_t rc = ZSTD_decompressStream(dctx_, &output, &input_);
      if (ZSTD_isError(rc)) {
        error_ = std::string("corrupt zstd data: ") + ZSTD_getErrorName(rc);
        done_ = true;
        break;
      }
      pending_ = rc != 0;  // 0: a frame is complete
    }
    return output.pos;
  }

 private:
  std::unique_ptr<ByteSource> inner_;
  std::string& error_;
  ZSTD_DCtx* dctx_;
  std::vector<char> in_;
  ZSTD_inBuffer input_{nullptr, 0, 0};
  bool pending_ = false;
  bool done_ = false;
};

// Counts what a decompressor yields and ends the stream, with an error, past the limits.
class BoundedSource : public ByteSource {
 public:
  BoundedSource(std::unique_ptr<ByteSource> inner, const InputLimits& limits,
                const std::uint64_t& compressed_bytes, std::string& error)
      : inner_(std::move(inner)),
        limits_(limits),
        compressed_bytes_(compressed_bytes),
        error_(error) {}

  std::size_t read(char* out, std::size_t n) override {
    if (stopped_) return 0;
    std::size_t got = inner_->read(out, n);
    produced_ += got;
    if (limits_.max_decompressed_bytes != 0 && produced_ > limits_.max_decompressed_bytes) {
      error_ =
          "decompressed size exceeds " + std::to_string(limits_.max_decompressed_bytes) + " bytes";
    } else if (limits_.max_decompression_ratio != 0 && produced_ > kRatioFloor &&
               produced_ / std::max<std::uint64_t>(compressed_bytes_, 1) >
                   limits_.max_decompression_ratio) {
      error_ =
          "decompression ratio exceeds " + std::to_string(limits_.max_decompression_ratio) + ":1";
    } else {
      return got;
    }
    stopped_ = true;
    return 0;
  }

 private:
  static constexpr std::uint64_t kRatioFloor = std::uint64_t{64} << 20;

  std::unique_ptr<ByteSource> inner_;
  InputLimits limits_;
  const std::uint64_t& compressed_bytes_;
  std::string& error_;
  std::uint64_t produced_ = 0;
  bool stopped_ = false;
};

class SourceStreambuf : public std::streambuf {
 public:
  explicit SourceStreambuf(std::unique_ptr<ByteSource> source)
      : source_(std::move(source)), buffer_(1 << 16) {}

 protected:
  int_type underflow() override {
    if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
    std::size_t n = source_->read(buffer_.data(), buffer_.size());
    if (n == 0) return traits_type::eof();
    setg(buffer_.data(), buffer_.data(), buffer_.data() + n);
    return traits_type::to_int_type(*gptr());
  }

 private:
  std::unique_ptr<ByteSource> source_;
  std::vector<char> buffer_;
};

class FileInput : public Input {
 public:
  FileInput(int fd, const InputLimits& limits) : stream_(nullptr) {
    std::unique_ptr<ByteSource> source = std::make_unique<FdSource>(fd, bytes_read_);
    std::string magic = read_up_to(*source, 4);
    source = std::make_unique<PrefixedSource>(magic, std::move(source));
    if (magic.size() >= 2 && magic[0] == '\x1f' && magic[1] == '\x8b') {
      source = std::make_unique<BoundedSource>(
          std::make_unique<GzipSource>(std::move(source), error_), limits, bytes_read_, error_);
    } else if (magic == "\x28\xB5\x2F\xFD") {
      source = std::make_unique<BoundedSource>(
          std::make_unique<ZstdSource>(std::move(source), error_), limits, bytes_read_, error_);
    }
    head_ = read_up_to(*source, 4096);
    buf_ = std::make_unique<SourceStreambuf>(
        std::make_unique<PrefixedSource>(head_, std::move(source)));
    stream_.rdbuf(buf_.get());
  }

  std::istream& stream() override { return stream_; }
  std::string_view head() const override { return head_; }
  std::uint64_t bytes_read() const override { return bytes_read_; }
  const std::string& error() const override { return error_; }

 private:
  std::uint64_t bytes_read_ = 0;
  std::string error_;
  std::string head_;
  std::unique_ptr<SourceStreambuf> buf_;
  std::istream stream_;
};

// An istream that owns its Input.
class OwningStream : public std::istream {
 public:
  explicit OwningStream(std::unique_ptr<Input> input)
      : std::istream(input->stream().rdbuf()), input_(std::move(input)) {}

 private:
  std::unique_ptr<Input> input_;
};

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

std::optional<Format> parse_format(std::string_view name) {
  for (Format f : {Format::kJsonl, Format::kJson, Format::kCsv, Format::kTsv, Format::kRss,
                   Format::kAtom, Format::kHtml}) {
    if (name == format_name(f)) return f;
  }
  return std::nullopt;
}

const char* format_name(Format format) {
  switch (format) {
    case Format::kJsonl:
      return "jsonl";
    case Format::kJson:
      return "json";
    case Format::kCsv:
      return "csv";
    case Format::kTsv:
      return "tsv";
    case Format::kRss:
      return "rss";
    case Format::kAtom:
      return "atom";
    case Format::kHtml:
      return "html";
  }
  return "jsonl";
}

std::unique_ptr<Input> open_input_file(const std::string& path, const InputLimits& limits) {
  int fd = path == "-" ? ::dup(0) : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw Error(ErrorKind::kNotFound, "cannot open " + path + ": " + std::strerror(errno));
  }
  return std::make_unique<FileInput>(fd, limits);
}

std::unique_ptr<std::istream> open_input(const std::string& path) {
  return std::make_unique<OwningStream>(open_input_file(path));
}

bool is_input_name(const std::string& filename) {
  std::string name = lower(filename);
  for (const char* suffix : {".gz", ".zst"}) {
    if (ends_with(name, suffix)) name.resize(name.size() - std::strlen(suffix));
  }
  std::string ext = std::filesystem::path(name).extension().string();
  for (const char* known : {".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".tab", ".html", ".htm",
                            ".xhtml", ".rss", ".atom", ".xml"}) {
    if (ext == known) return true;
  }
  return false;
}

Format detect_format(const std::string& path, std::string_view head) {
  std::string name = lower(std::filesystem::path(path).filename().string());
  for (const char* suffix : {".gz", ".zst"}) {
    if (ends_with(name, suffix)) name.resize(name.size() - std::strlen(suffix));
  }
  std::string ext = std::filesystem::path(name).extension().string();
  if (ext == ".jsonl" || ext == ".ndjson") return Format::kJsonl;
  if (ext == ".csv") return Format::kCsv;
  if (ext == ".tsv" || ext == ".tab") return Format::kTsv;
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml") return Format::kHtml;
  if (ext == ".rss") return Format::kRss;
  if (ext == ".atom") return Format::kAtom;

  std::size_t i = head.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
  while (i < head.size() &&
         (head[i] == ' ' || head[i] == '\t' || head[i] == '\n' || head[i] == '\r')) {
    ++i;
  }
  if (i < head.size() && head[i] == '[') return Format::kJson;
  if (i < head.size() && head[i] == '<') {
    std::string text = lower(head.substr(i));
    if (text.find("<rss") != std::string::npos || text.find("<rdf:rdf") != std::string::npos) {
      return Format::kRss;
    }
    if (text.find("<feed") != std::string::npos) return Format::kAtom;
    if (text.find("<html") != std::string::npos || text.find("<!doctype html") == 0) {
      return Format::kHtml;
    }
  }
  return Format::kJsonl;
}

std::vector<std::string> expand_inputs(const std::vector<std::string>& inputs) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  for (const std::string& input : inputs) {
    if (input == "-") {
      out.push_back(input);
      continue;
    }
    std::error_code ec;
    auto status = fs::status(input, ec);
    if (ec || !fs::exists(status)) {
      throw Error(ErrorKind::kNotFound, "cannot open " + input + ": no such file");
    }
    if (!fs::is_directory(status)) {
      out.push_back(input);
      continue;
    }
    std::vector<std::string> files;
    fs::recursive_directory_iterator it(input, fs::directory_options::follow_directory_symlink, ec);
    if (ec)
      throw Error(ErrorKind::kNotFound, "cannot read directory " + input + ": " + ec.message());
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
      if (ec)
        throw Error(ErrorKind::kNotFound, "cannot read directory " + input + ": " + ec.message());
      std::string leaf = it->path().filename().string();
      if (!leaf.empty() && leaf[0] == '.') {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file() && is_input_name(leaf)) files.push_back(it->path().string());
    }
    std::sort(files.begin(), files.end());
    out.insert(out.end(), files.begin(), files.end());
  }
  return out;
}

}  // namespace dateline
