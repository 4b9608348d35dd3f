#include "index/topology.h"

#include <filesystem>
#include <fstream>

#include "core/error.h"
#include "core/parse.h"
#include "core/text.h"

namespace dateline {
namespace {

namespace fs = std::filesystem;

std::vector<std::string_view> words_of(std::string_view line) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
    std::size_t start = i;
    while (i < line.size() && line[i] != ' ' && line[i] != '\t') ++i;
    if (i > start) words.push_back(line.substr(start, i - start));
  }
  return words;
}

std::string absolute_path(std::string_view path, const std::string& base_dir) {
  fs::path p{std::string(path)};
  if (p.is_relative()) p = fs::path(base_dir) / p;
  return p.lexically_normal().string();
}

// "host:port" or "[v6]:port".
void read_address(std::string_view text, ShardAddress& shard) {
  std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0) {
    throw std::invalid_argument("a remote is host:port, got '" + std::string(text) + "'");
  }
  std::string_view host = text.substr(0, colon);
  if (host.front() == '[') {
    if (host.size() < 3 || host.back() != ']') {
      throw std::invalid_argument("an IPv6 remote is [address]:port");
    }
    host = host.substr(1, host.size() - 2);
  } else if (host.find(':') != std::string_view::npos) {
    throw std::invalid_argument("write an IPv6 address in brackets: [address]:port");
  }
  auto port = parse_integer<unsigned>(text.substr(colon + 1));
  if (!port || *port == 0 || *port > 65535) {
    throw std::invalid_argument("the port must be 1..65535");
  }
  shard.host = std::string(host);
  shard.port = *port;
}

std::chrono::milliseconds read_timeout(std::string_view key, std::string_view value) {
  auto d = parse_duration(value, {"ms", "s"}, true);
  if (!d || d->seconds() < 0.001 || d->seconds() > 600) {
    throw std::invalid_argument(std::string(key) + " must be a duration from 1ms to 600s");
  }
  return std::chrono::milliseconds(static_cast<long long>(d->seconds() * 1000 + 0.5));
}

}  // namespace

std::string ShardAddress::name() const {
  if (!remote()) return path;
  bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Topology parse_topology(std::string_view text, const std::string& base_dir) {
  if (text.size() > kMaxTopologyBytes) {
    throw Error(ErrorKind::kInvalidArgument,
                "a topology file holds at most " + std::to_string(kMaxTopologyBytes) + " bytes");
  }
  Topology topology;
  std::size_t line_no = 0;
  std::size_t begin = 0;
  while (begin <= text.size()) {
    std::size_t end = text.find('\n', begin);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(begin, end - begin);
    begin = end + 1;
    ++line_no;
    if (std::size_t hash = line.find('#'); hash != std::string_view::npos) {
      line = line.substr(0, hash);
    }
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    std::vector<std::string_view> words = words_of(line);
    if (words.empty()) continue;
    try {
      std::string_view kind = words[0];
      if (kind == "spelling" || kind == "local") {
        if (words.size() != 2) {
          throw std::invalid_argument(std::string(kind) + " takes one path");
        }
        if (kind == "spelling") {
          if (!topology.spelling.empty()) throw std::invalid_argument("a second spelling entry");
          if (!topology.shards.empty()) {
            throw std::invalid_argument("the spelling database comes before the shards");
          }
          topology.spelling = absolute_path(words[1], base_dir);
        } else {
          ShardAddress shard;
          shard.path = absolute_path(words[1], base_dir);
          topology.shards.push_back(std::move(shard));
        }
      } else if (kind == "remote") {
        if (words.size() < 2) throw std::invalid_argument("remote takes host:port");
        ShardAddress shard;
        read_address(words[1], shard);
        for (std::size_t i = 2; i < words.size(); ++i) {
          std::string_view option = words[i];
          std::size_t eq = option.find('=');
          std::string_view key = option.substr(0, eq);
          std::string_view value =
              eq == std::string_view::npos ? std::string_view() : option.substr(eq + 1);
          if (key == "timeout") {
            shard.timeout = read_timeout(key, value);
          } else if (key == "connect_timeout") {
            shard.connect_timeout = read_timeout(key, value);
          } else {
            throw std::invalid_argument("unknown option '" + std::string(key) +
                                        "' (timeout=, connect_timeout=)");
          }
        }
        topology.shards.push_back(std::move(shard));
      } else {
        throw std::invalid_argument("unknown entry '" + std::string(kind) +
                                    "' (spelling, local, remote)");
      }
      if (topology.shards.size() > kMaxShards) {
        throw std::invalid_argument("more than " + std::to_string(kMaxShards) + " shards");
      }
    } catch (const std::invalid_argument& e) {
      throw Error(ErrorKind::kInvalidArgument, "line " + std::to_string(line_no) + ": " + e.what());
    }
  }
  if (topology.spelling.empty()) {
    throw Error(ErrorKind::kInvalidArgument, "no spelling entry (the spelling database's path)");
  }
  if (topology.shards.empty()) {
    throw Error(ErrorKind::kInvalidArgument, "no shard (local PATH or remote HOST:PORT)");
  }
  return topology;
}

bool names_topology(const std::string& db_path) {
  std::error_code ec;
  if (fs::is_regular_file(db_path, ec)) return true;
  return fs::is_directory(db_path, ec) &&
         fs::is_regular_file(fs::path(db_path) / kTopologyFileName, ec);
}

Topology read_topology(const std::string& db_path) {
  std::error_code ec;
  fs::path file = db_path;
  if (fs::is_directory(file, ec)) file /= kTopologyFileName;
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(ErrorKind::kUnavailable, "cannot read topology " + file.string());
  std::string text(kMaxTopologyBytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  try {
    return parse_topology(text, file.parent_path().string());
  } catch (const Error& e) {
    throw Error(e.kind(), file.string() + ": " + e.what());
  }
}

std::size_t shard_for_id(std::string_view id, std::size_t shards) {
  return shards == 0 ? 0 : static_cast<std::size_t>(fnv1a64(id) % shards);
}

}  // namespace dateline
