// The newsroom store: legal takedowns (tombstones) and the audit log, in an SQLite file that
// outlives any one index. Every ingest path checks the takedowns (indexer/index_job.h, the admin
// API), the server hides a taken-down id even in an index restored from before its takedown
// (server/takedown_filter.h), and the audit log records who took down what, who edited
// curations and who read embargoed articles. See docs/NEWSROOM.md.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace dateline {

struct Takedown {
  std::string id;
  std::string reason;
  std::int64_t at = 0;  // unix seconds of the first takedown of this id
};

struct AuditEntry {
  std::int64_t at = 0;  // unix seconds
  std::string who;      // the role whose key was used ("admin", "editor", "analytics", "cli")
  std::string action;   // "takedown", "curation.put", "embargoed_read", ...
  std::string detail;   // what: an id and a reason, a rule id, a query
};

class NewsroomStore {
 public:
  // Opens, or creates, the store at `path`. Throws Error(kUnavailable).
  explicit NewsroomStore(const std::string& path);
  ~NewsroomStore();
  NewsroomStore(const NewsroomStore&) = delete;
  NewsroomStore& operator=(const NewsroomStore&) = delete;

  // Records a takedown of `takedown.id` and its audit entry in one transaction. A second
  // takedown of the same id keeps the first date and reason (both are audited). Returns the
  // takedown as stored.
  Takedown take_down(const Takedown& takedown, const std::string& who);
  std::vector<Takedown> takedowns();  // oldest first

  // Appends to the audit log, which has no update or delete (SQLite triggers refuse both).
  void audit(const AuditEntry& entry);
  // Entries from `from` to `to` (unix seconds, inclusive), newest first, at most `limit`.
  std::vector<AuditEntry> audit_log(std::int64_t from, std::int64_t to, int limit);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Where an index's newsroom store is when no setting names one: newsroom.sqlite in the
// directory that holds the index, after following a symlink at `db_path` (so /srv/x/current ->
// /srv/x/indexes/2026-12-07 and a new build into /srv/x/indexes/2026-12-08 share it).
std::string default_newsroom_store(const std::string& db_path);

// Every takedown in the store at `path`, by id; empty when there is no file there (reading never
// creates one). Throws Error(kUnavailable) for a file that cannot be read.
std::map<std::string, Takedown> load_takedowns(const std::string& path);

// "taken down on 2026-12-07: REASON", the rejection of a record with a taken-down id.
std::string taken_down_reason(const Takedown& takedown);

}  // namespace dateline
