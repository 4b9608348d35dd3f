// Topology files from outside (an operator's file, read by every `dateline serve`):
// parse_topology, and for what it accepts, the bounds it promises and a written form that reads
// back the same.
#include <cstdlib>
#include <string>

#include "core/error.h"
#include "index/topology.h"
#include "tests/fuzz/fuzz_target.h"

DATELINE_FUZZ_TARGET(topology) {
  dateline::Topology topology;
  try {
    topology = dateline::parse_topology(data, "/srv/news");
  } catch (const dateline::Error&) {
    return;
  }
  if (topology.spelling.empty() || topology.shards.empty() ||
      topology.shards.size() > dateline::kMaxShards) {
    std::abort();
  }
  std::string again = "spelling " + topology.spelling + "\n";
  for (const dateline::ShardAddress& shard : topology.shards) {
    if (shard.remote()) {
      if (shard.port == 0 || shard.port > 65535 || shard.host.empty()) std::abort();
      if (shard.timeout.count() < 1 || shard.connect_timeout.count() < 1) std::abort();
      again += "remote " + shard.name() + " timeout=" + std::to_string(shard.timeout.count()) +
               "ms connect_timeout=" + std::to_string(shard.connect_timeout.count()) + "ms\n";
    } else {
      if (shard.path.empty() || shard.path[0] != '/') std::abort();
      again += "local " + shard.path + "\n";
    }
  }
  // Paths with spaces or '#' do not survive being written back: only compare the others.
  if (again.find('#') != std::string::npos) return;
  dateline::Topology read;
  try {
    read = dateline::parse_topology(again, "/elsewhere");
  } catch (const dateline::Error&) {
    return;  // a path with a space is two words when written back
  }
  if (read.spelling != topology.spelling || read.shards.size() != topology.shards.size()) {
    std::abort();
  }
  for (std::size_t i = 0; i < read.shards.size(); ++i) {
    if (read.shards[i].name() != topology.shards[i].name()) std::abort();
  }
}
