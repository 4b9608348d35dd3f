#include "server/takedown_filter.h"

#include <iostream>
#include <vector>

#include "indexer/newsroom_store.h"

namespace dateline {
namespace {

// How often the store's files are looked at: a takedown reaches every answer within this.
constexpr std::chrono::milliseconds kCheckInterval{1000};

// The store with its WAL file: a committed takedown changes one of them.
std::string files_signature(const std::string& path) {
  std::string out;
  for (const std::string& file : {path, path + "-wal"}) {
    std::error_code ec;
    auto size = std::filesystem::file_size(file, ec);
    if (ec) continue;
    auto time = std::filesystem::last_write_time(file, ec);
    out += std::to_string(size) + ":" + std::to_string(time.time_since_epoch().count()) + ";";
  }
  return out;
}

}  // namespace

TakedownFilter::TakedownFilter(std::string store_path, const Schema& schema)
    : store_path_(std::move(store_path)), id_prefix_(schema.id_prefix()) {}

void TakedownFilter::refresh() {
  if (store_path_.empty()) return;
  auto now = std::chrono::steady_clock::now();
  if (now - checked_ < kCheckInterval) return;
  checked_ = now;
  std::string signature = files_signature(store_path_);
  if (signature == signature_) return;
  try {
    std::set<std::string> ids;
    for (const auto& [id, takedown] : load_takedowns(store_path_)) ids.insert(id);
    ids_ = std::move(ids);
    signature_ = signature;
    stale_ = true;
  } catch (const std::exception& e) {
    // Keep the ids read last; try again at the next check.
    std::cerr << "event=takedowns_unreadable error=\"" << e.what() << "\"\n";
  }
}

const Xapian::Query& TakedownFilter::hidden(const Xapian::Database& db,
                                            const std::string& generation) {
  refresh();
  if (ids_.empty()) {
    query_ = Xapian::Query();
    return query_;
  }
  if (stale_ || generation != generation_) {
    std::vector<Xapian::Query> present;
    for (const std::string& id : ids_) {
      if (db.term_exists(id_prefix_ + id)) present.emplace_back(id_prefix_ + id);
    }
    query_ = present.empty() ? Xapian::Query()
                             : Xapian::Query(Xapian::Query::OP_OR, present.begin(), present.end());
    generation_ = generation;
    stale_ = false;
  }
  return query_;
}

bool TakedownFilter::taken_down(const std::string& id) {
  refresh();
  return ids_.count(id) != 0;
}

}  // namespace dateline
