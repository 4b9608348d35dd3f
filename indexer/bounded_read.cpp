#include "indexer/bounded_read.h"

#include <algorithm>
#include <streambuf>

namespace dateline {

std::optional<std::size_t> read_line_bounded(std::istream& in, std::string& line,
                                             std::size_t keep) {
  line.clear();
  std::streambuf* buf = in.rdbuf();
  if (buf == nullptr || buf->sgetc() == std::char_traits<char>::eof()) return std::nullopt;
  std::size_t length = 0;
  while (true) {
    int c = buf->sbumpc();
    if (c == std::char_traits<char>::eof() || c == '\n') break;
    if (length < keep) line += static_cast<char>(c);
    ++length;
  }
  return length;
}

std::string read_at_most(std::istream& in, std::size_t max_bytes) {
  std::string out;
  std::streambuf* buf = in.rdbuf();
  if (buf == nullptr) return out;
  char chunk[1 << 16];
  while (out.size() < max_bytes) {
    std::size_t want = std::min(sizeof chunk, max_bytes - out.size());
    std::streamsize got = buf->sgetn(chunk, static_cast<std::streamsize>(want));
    if (got <= 0) break;
    out.append(chunk, static_cast<std::size_t>(got));
  }
  return out;
}

}  // namespace dateline
