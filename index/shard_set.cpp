#include "index/shard_set.h"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <exception>
#include <future>
#include <map>

#include "core/clock.h"
#include "core/error.h"
#include "index/database.h"
#include "index/format.h"

namespace dateline {
namespace {

constexpr std::chrono::milliseconds kFirstBackoff{500};
constexpr std::chrono::milliseconds kMaxBackoff{30000};

// How Xapian names a remote's connection in the context of its errors
// (RemoteTcpClient::get_tcpcontext).
std::string tcp_context(const ShardAddress& address) {
  return "remote:tcp(" + address.host + ":" + std::to_string(address.port) + ")";
}

std::string describe(const Xapian::Error& e) {
  std::string out = e.get_type();
  out += ": ";
  out += e.get_msg();
  if (!e.get_error_string() || !*e.get_error_string()) return out;
  out += " (";
  out += e.get_error_string();
  out += ")";
  return out;
}

}  // namespace

ShardSet::ShardSet(const std::string& path) {
  if (!names_topology(path)) {
    path_ = path;
    spelling_ = open_for_reading(path);
    db_ = spelling_;
    return;
  }
  sharded_ = true;
  Topology topology = read_topology(path);
  path_ = topology.spelling;
  spelling_ = open_for_reading(topology.spelling);
  for (ShardAddress& address : topology.shards) {
    Shard shard;
    shard.address = std::move(address);
    shards_.push_back(std::move(shard));
  }
  for (Shard& shard : shards_) connect(shard);
  rebuild();
}

bool ShardSet::connect(Shard& shard) {
  try {
    const ShardAddress& a = shard.address;
    shard.db = a.remote()
                   ? Xapian::Remote::open(a.host, a.port, static_cast<unsigned>(a.timeout.count()),
                                          static_cast<unsigned>(a.connect_timeout.count()))
                   : Xapian::Database(a.path);
    if (!shard.up) {
      if (shard.down_since != 0) {
        std::fprintf(stderr, "event=shard_up shard=\"%s\"\n", shard.address.name().c_str());
      }
      shard.up = true;
      shard.down_since = 0;
      shard.backoff = std::chrono::milliseconds(0);
    }
    return true;
  } catch (const Xapian::Error& e) {
    mark_down(shard, describe(e));
    return false;
  }
}

void ShardSet::mark_down(Shard& shard, const std::string& why) {
  if (shard.up || shard.down_since == 0) {  // logged once a failure, not at every retry
    std::fprintf(stderr, "event=shard_down shard=\"%s\" error=\"%s\"\n",
                 shard.address.name().c_str(), why.c_str());
    shard.down_since = unix_now();
  }
  shard.up = false;
  shard.db = Xapian::Database();
  shard.last_error = why;
  shard.backoff =
      shard.backoff.count() == 0 ? kFirstBackoff : std::min(kMaxBackoff, shard.backoff * 2);
  shard.retry_at = std::chrono::steady_clock::now() + shard.backoff;
}

std::vector<Xapian::Document> ShardSet::documents(const std::vector<Xapian::docid>& dids) const {
  std::vector<Xapian::Document> out(dids.size());
  if (!sharded_) {
    for (std::size_t i = 0; i < dids.size(); ++i) out[i] = db_.get_document(dids[i]);
    return out;
  }
  // database() is the spelling database followed by the shards that are up, interleaved: its
  // document d is document (d - 1) / parts + 1 of part (d - 1) % parts.
  const std::size_t parts = db_.size();
  std::vector<const Shard*> part_shard(parts, nullptr);
  std::size_t next = 1;
  for (const Shard& shard : shards_) {
    if (shard.up && next < parts) part_shard[next++] = &shard;
  }
  std::map<std::size_t, std::vector<std::size_t>> remote;  // part -> positions in `dids`
  for (std::size_t i = 0; i < dids.size(); ++i) {
    const std::size_t part = (dids[i] - 1) % parts;
    const Shard* shard = part_shard[part];
    if (shard != nullptr && shard->address.remote()) {
      remote[part].push_back(i);
    } else {
      out[i] = db_.get_document(dids[i]);
    }
  }
  auto read_part = [&](std::size_t part, const std::vector<std::size_t>& positions) {
    const Xapian::Database& db = part_shard[part]->db;
    for (std::size_t i : positions) {
      out[i] = db.get_document(static_cast<Xapian::docid>((dids[i] - 1) / parts + 1));
    }
  };
  if (remote.size() == 1) {
    read_part(remote.begin()->first, remote.begin()->second);
    return out;
  }
  std::vector<std::future<void>> reads;
  for (const auto& [part, positions] : remote) {
    reads.push_back(std::async(std::launch::async, read_part, part, std::cref(positions)));
  }
  // Every thread is waited for before the first failure is thrown: none may outlive `out`.
  std::exception_ptr failure;
  for (std::future<void>& read : reads) {
    try {
      read.get();
    } catch (...) {
      if (!failure) failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
  return out;
}

void ShardSet::rebuild() {
  Xapian::Database db(spelling_);
  for (const Shard& shard : shards_) {
    if (shard.up) db.add_database(shard.db);
  }
  db_ = db;
}

void ShardSet::refresh(bool force) {
  if (!sharded_) {
    db_.reopen();
    return;
  }
  bool changed = false;
  auto now = std::chrono::steady_clock::now();
  for (Shard& shard : shards_) {
    if (!shard.up && now >= shard.retry_at && connect(shard)) changed = true;
  }
  if (changed) rebuild();
  // Reopening a remote shard is a round trip to it, one shard after another. The spelling
  // database is local and every commit of the index commits it too: while it has not moved,
  // neither have the shards, save those written some other way, seen within kReopenEvery.
  const bool moved = spelling_.reopen();
  if (force || changed || moved || now - reopened_at_ >= kReopenEvery) {
    db_.reopen();
    reopened_at_ = now;
  }
}

bool ShardSet::recover(const Xapian::Error& e) {
  if (!sharded_) return false;
  // Our own read timed out: the shard hangs, and reconnecting would cost another timeout, so it
  // waits for its backoff. A timeout the shard reports ("REMOTE:...") is xapian-tcpsrv's
  // --idle-timeout closing a connection that sat idle: reconnected at once, like a close.
  auto blame = [this](Shard& shard, const Xapian::Error& why) {
    bool hung = std::string_view(why.get_type()) == "NetworkTimeoutError" &&
                why.get_msg().compare(0, 7, "REMOTE:") != 0;
    if (hung) {
      mark_down(shard, describe(why));
    } else {
      shard.last_error = describe(why);
      connect(shard);
    }
  };
  std::string context = e.get_context();
  for (Shard& shard : shards_) {
    if (!shard.up || !shard.address.remote()) continue;
    if (context.find(tcp_context(shard.address)) == std::string::npos) continue;
    blame(shard, e);
    rebuild();
    return true;
  }
  // Some errors name no connection ("Connection closed unexpectedly", a closed database): ask
  // each remote that is up, and blame those that fail.
  bool changed = false;
  for (Shard& shard : shards_) {
    if (!shard.up || !shard.address.remote()) continue;
    try {
      shard.db.reopen();
    } catch (const Xapian::Error& probe) {
      blame(shard, probe);
      changed = true;
    }
  }
  if (changed) rebuild();
  return changed;
}

bool ShardSet::reopen_from_paths() {
  try {
    Xapian::Database spelling(path_);
    std::vector<Xapian::Database> local;
    for (const Shard& shard : shards_) {
      if (!shard.address.remote() && shard.up) local.emplace_back(shard.address.path);
    }
    spelling_ = spelling;
    std::size_t i = 0;
    for (Shard& shard : shards_) {
      if (!shard.address.remote() && shard.up) shard.db = local[i++];
    }
  } catch (const Xapian::Error&) {
    return false;
  }
  if (sharded_) {
    rebuild();
  } else {
    db_ = spelling_;
  }
  return true;
}

std::size_t ShardSet::failed() const {
  return static_cast<std::size_t>(
      std::count_if(shards_.begin(), shards_.end(), [](const Shard& s) { return !s.up; }));
}

std::vector<ShardHealth> ShardSet::health() const {
  // A commit time as the writer stores it (decimal unix seconds); nullopt when absent or not so.
  auto committed = [](const Xapian::Database& db) -> std::optional<std::int64_t> {
    const std::string text = db.get_metadata(kLastCommitMetadataKey);
    std::int64_t at = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), at);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return at;
  };
  const std::optional<std::int64_t> index_commit = sharded_ ? committed(spelling_) : std::nullopt;
  std::vector<ShardHealth> out;
  for (const Shard& shard : shards_) {
    ShardHealth h;
    h.name = shard.address.name();
    h.up = shard.up;
    h.documents = shard.up ? shard.db.get_doccount() : 0;
    if (shard.up && index_commit) {
      if (std::optional<std::int64_t> own = committed(shard.db)) {
        h.behind_seconds = std::max<std::int64_t>(0, *index_commit - *own);
      }
    }
    h.last_error = shard.last_error;
    h.down_since = shard.down_since;
    out.push_back(std::move(h));
  }
  return out;
}

std::string ShardSet::generation() const {
  std::string out = spelling_.get_uuid() + ":" + std::to_string(spelling_.get_revision());
  for (const Shard& shard : shards_) out += shard.up ? "+" : "-";
  return out;
}

}  // namespace dateline
