#include "indexer/newsroom_store.h"

#include <filesystem>

#include "core/sqlite.h"
#include "schema/dates.h"

namespace dateline {
namespace {

// Add columns, never rename: stores outlive releases.
constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS takedowns (
  id TEXT PRIMARY KEY,
  reason TEXT NOT NULL,
  at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS audit (
  at INTEGER NOT NULL,
  who TEXT NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_at ON audit (at);
CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit
  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS takedowns_no_delete BEFORE DELETE ON takedowns
  BEGIN SELECT RAISE(ABORT, 'takedowns are never removed'); END;
)sql";

void insert_audit(SqliteDb& db, const AuditEntry& entry) {
  SqliteStatement insert(db, "INSERT INTO audit (at, who, action, detail) VALUES (?1, ?2, ?3, ?4)");
  insert.bind(1, entry.at);
  insert.bind(2, entry.who);
  insert.bind(3, entry.action);
  insert.bind(4, entry.detail);
  insert.step();
}

std::vector<Takedown> all_takedowns(SqliteDb& db) {
  SqliteStatement select(db, "SELECT id, reason, at FROM takedowns ORDER BY at, id");
  std::vector<Takedown> out;
  while (select.step()) out.push_back({select.text(0), select.text(1), select.integer(2)});
  return out;
}

}  // namespace

struct NewsroomStore::Impl {
  SqliteDb db;
  explicit Impl(const std::string& path) : db(path, "newsroom store", kSchema) {}
};

NewsroomStore::NewsroomStore(const std::string& path) : impl_(std::make_unique<Impl>(path)) {}

NewsroomStore::~NewsroomStore() = default;

Takedown NewsroomStore::take_down(const Takedown& takedown, const std::string& who) {
  Takedown stored = takedown;
  impl_->db.transaction([&] {
    SqliteStatement insert(impl_->db,
                           "INSERT INTO takedowns (id, reason, at) VALUES (?1, ?2, ?3) "
                           "ON CONFLICT (id) DO NOTHING");
    insert.bind(1, takedown.id);
    insert.bind(2, takedown.reason);
    insert.bind(3, takedown.at);
    insert.step();
    SqliteStatement select(impl_->db, "SELECT reason, at FROM takedowns WHERE id = ?1");
    select.bind(1, takedown.id);
    if (select.step()) {
      stored.reason = select.text(0);
      stored.at = select.integer(1);
    }
    insert_audit(impl_->db, {takedown.at, who, "takedown", takedown.id + ": " + takedown.reason});
  });
  return stored;
}

std::vector<Takedown> NewsroomStore::takedowns() { return all_takedowns(impl_->db); }

void NewsroomStore::audit(const AuditEntry& entry) { insert_audit(impl_->db, entry); }

std::vector<AuditEntry> NewsroomStore::audit_log(std::int64_t from, std::int64_t to, int limit) {
  SqliteStatement select(impl_->db,
                         "SELECT at, who, action, detail FROM audit WHERE at BETWEEN ?1 AND ?2 "
                         "ORDER BY at DESC, rowid DESC LIMIT ?3");
  select.bind(1, from);
  select.bind(2, to);
  select.bind(3, std::int64_t{limit});
  std::vector<AuditEntry> out;
  while (select.step()) {
    out.push_back({select.integer(0), select.text(1), select.text(2), select.text(3)});
  }
  return out;
}

std::string default_newsroom_store(const std::string& db_path) {
  std::filesystem::path path(db_path);
  std::error_code ec;
  if (std::filesystem::is_symlink(path, ec)) {
    std::filesystem::path target = std::filesystem::read_symlink(path, ec);
    if (!ec) path = target.is_absolute() ? target : path.parent_path() / target;
  }
  std::filesystem::path dir = path.lexically_normal().parent_path();
  if (dir.empty()) dir = ".";
  return (dir / "newsroom.sqlite").string();
}

std::map<std::string, Takedown> load_takedowns(const std::string& path) {
  std::map<std::string, Takedown> out;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return out;
  NewsroomStore store(path);
  for (Takedown& t : store.takedowns()) out.emplace(t.id, std::move(t));
  return out;
}

std::string taken_down_reason(const Takedown& takedown) {
  return "taken down on " + format_rfc3339(takedown.at).substr(0, 10) + ": " + takedown.reason;
}

}  // namespace dateline
