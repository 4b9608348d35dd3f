// Taken-down articles kept out of every answer, even in an index that still holds them (restored
// from a backup made before the takedown, or copied from another machine). The ids come from the
// newsroom store (indexer/newsroom_store.h), reread when its files change; the query that hides
// them names only the ids present in the index, and is rebuilt when the index or the store
// changes, so a search pays nothing while no taken-down article is in the index.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>

#include <xapian.h>

#include "schema/schema.h"

namespace dateline {

class TakedownFilter {
 public:
  // `store_path`: the newsroom store ("" or no file there: nothing is taken down). Not
  // thread-safe: one per thread, like the database it reads.
  TakedownFilter(std::string store_path, const Schema& schema);

  // The taken-down articles present in `db`: an OR of their id terms, or an empty query.
  // `generation` (ShardSet::generation()) changes whenever what `db` holds may have; the terms
  // are looked up again only then.
  const Xapian::Query& hidden(const Xapian::Database& db, const std::string& generation);
  // Whether `id` is a taken-down article (present or not).
  bool taken_down(const std::string& id);

 private:
  void refresh();

  std::string store_path_;
  std::string id_prefix_;
  std::set<std::string> ids_;
  std::string signature_;  // sizes and times of the store's files when ids_ was read
  std::chrono::steady_clock::time_point checked_{};
  std::string generation_;  // of the index `query_` was built for
  bool stale_ = true;
  Xapian::Query query_;
};

}  // namespace dateline
