// A sharded index's layout: where its spelling database and its shards are, read from a
// topology file. A reader searches the spelling database (documentless: the spelling table and
// the index's metadata, which Xapian 1.4's remote protocol cannot serve) followed by every shard,
// each a local directory or a `xapian-tcpsrv` on host:port (docs/SCALING.md).
//
// The file, one entry a line ('#' starts a comment; blank lines are skipped):
//
//   spelling spelling                 the spelling database: a local path, first and once
//   local shard-0                     a shard in a local directory
//   remote 10.0.0.7:7001 timeout=2s connect_timeout=500ms
//                                     a shard served by xapian-tcpsrv (IPv6: [::1]:7001)
//
// Relative paths are read against the file's directory. A remote's `timeout` bounds each read
// and write of its connection and `connect_timeout` its connect (durations: "250ms", "2s").
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace dateline {

// The name of the topology file inside a sharded index directory (`dateline index --shards`).
inline constexpr const char* kTopologyFileName = "topology";

// Bounds on what a topology file may hold.
inline constexpr std::size_t kMaxTopologyBytes = 64 * 1024;
inline constexpr std::size_t kMaxShards = 1024;

inline constexpr std::chrono::milliseconds kDefaultShardTimeout{5000};
inline constexpr std::chrono::milliseconds kDefaultShardConnectTimeout{1000};

struct ShardAddress {
  std::string path;  // a local shard's directory (absolute); empty for a remote
  std::string host;  // a remote's host name or address (without IPv6 brackets)
  unsigned port = 0;
  std::chrono::milliseconds timeout = kDefaultShardTimeout;
  std::chrono::milliseconds connect_timeout = kDefaultShardConnectTimeout;

  bool remote() const { return path.empty(); }
  // How logs, /healthz and /metrics name it: the path, or "host:port".
  std::string name() const;
};

struct Topology {
  std::string spelling;  // absolute path of the spelling database
  std::vector<ShardAddress> shards;
};

// Reads a topology file's text; relative paths are taken against `base_dir`. Throws
// Error(kInvalidArgument) "line N: reason" for anything that is not an entry as above, a missing
// or repeated spelling entry, no shard, more than kMaxShards shards or more than kMaxTopologyBytes.
Topology parse_topology(std::string_view text, const std::string& base_dir);

// True when `db_path` names a topology: a regular file, or a directory that holds a
// kTopologyFileName file (a plain index directory does not).
bool names_topology(const std::string& db_path);

// The topology `db_path` names (see names_topology). Throws Error(kInvalidArgument)
// "FILE: line N: reason" when it does not parse, Error(kUnavailable) when it cannot be read.
Topology read_topology(const std::string& db_path);

// The shard, of `shards`, that the article with `id` belongs to: the same for every writer and
// every build (FNV-1a of the id's bytes).
std::size_t shard_for_id(std::string_view id, std::size_t shards);

}  // namespace dateline
