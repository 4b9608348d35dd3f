// A reader's view of an index: one database, or a topology (index/topology.h) of a spelling
// database and shards searched as one Xapian database. One per thread: Xapian handles are not
// thread-safe.
//
// A shard that fails (refused, closed, timed out) is left out of the database until it answers
// again: the reader goes on answering from the others and can say how many are missing. A shard
// that is down is tried again, at the next refresh() after its backoff (0.5 s, doubling to 30 s);
// a connection that a shard closed (xapian-tcpsrv's --idle-timeout) is reopened at once.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "index/topology.h"

namespace dateline {

struct ShardHealth {
  std::string name;  // ShardAddress::name()
  bool up = false;
  Xapian::doccount documents = 0;  // while up
  std::string last_error;          // the last failure, "" when none yet
  std::int64_t down_since = 0;     // unix seconds; 0 while up
  // While up: how far the shard's last commit (kLastCommitMetadataKey) is behind the index's
  // (the spelling database's, which every commit writes): a replica that has not caught up.
  // nullopt when either is unknown.
  std::optional<std::int64_t> behind_seconds;
};

class ShardSet {
 public:
  // `path`: an index directory, or what names a topology (names_topology). Throws
  // Error(kUnavailable) when the single index or the spelling database cannot be opened, or the
  // topology cannot be read; Error(kInvalidArgument) when it does not parse. Shards that cannot
  // be reached start down.
  explicit ShardSet(const std::string& path);

  bool sharded() const { return sharded_; }

  // What to read: the single index, or the spelling database followed by every shard that is
  // up. The same object across calls; refresh() and recover() may change what it holds.
  const Xapian::Database& database() const { return db_; }

  // Sees the latest commit (reopen) after bringing back shards whose retry time has come. Over
  // shards, the remote ones are reopened when the spelling database has a new commit, when a
  // shard rejoined, at least every kReopenEvery, or when `force` (a read found the database
  // modified under it). Throws what Xapian's reopen() throws.
  void refresh(bool force = false);

  static constexpr std::chrono::milliseconds kReopenEvery{1000};

  // After `e` (a network error, or a closed database) was thrown while reading database(): the
  // remote shard it names, or else each remote that fails when asked, is reconnected at once
  // (it closed the connection) or, when our read timed out, left out. Returns true when a shard
  // was blamed (read again), false when none was.
  bool recover(const Xapian::Error& e);

  // Opens the single index, the spelling database and the local shards again from their paths:
  // a replica kept by xapian-replicate switches to a new directory on each full copy (its path
  // is a stub naming the current one) and removes the old one under an open handle. Returns
  // false when they cannot be opened (the old handles are kept). Remote shards are left as they
  // are.
  bool reopen_from_paths();

  // The documents of database() numbered `dids` (as an MSet numbers them), in that order. Over
  // remote shards, each shard's are read on a thread of its own, all shards at once: Xapian 1.4
  // reads a remote document in a round trip of its own (MSet::fetch asks for them one after
  // another too), so a page of ten hits would cost ten in turn. Call only between reads of
  // database() on this thread. Throws what Xapian's get_document throws.
  std::vector<Xapian::Document> documents(const std::vector<Xapian::docid>& dids) const;

  std::size_t shard_count() const { return shards_.size(); }
  std::size_t failed() const;
  std::vector<ShardHealth> health() const;

  // Changes with every commit the reader sees, and when a shard leaves or rejoins: the single
  // database's uuid and revision, or the spelling database's (a sharded index commits it with
  // every commit) and which shards are up.
  std::string generation() const;

  // The revision of the single database, or of the spelling database (which every commit of a
  // sharded index commits).
  std::uint64_t revision() const { return spelling_.get_revision(); }

 private:
  struct Shard {
    ShardAddress address;
    Xapian::Database db;  // valid while up
    bool up = false;
    std::string last_error;
    std::int64_t down_since = 0;
    std::chrono::steady_clock::time_point retry_at{};
    std::chrono::milliseconds backoff{0};
  };

  bool connect(Shard& shard);
  void mark_down(Shard& shard, const std::string& why);
  void rebuild();

  bool sharded_ = false;
  std::string path_;           // the single index, or the topology's spelling database
  Xapian::Database spelling_;  // the single index when not sharded
  std::vector<Shard> shards_;
  Xapian::Database db_;
  std::chrono::steady_clock::time_point reopened_at_{};  // the shards' last reopen
};

}  // namespace dateline
