// A small RAII layer over SQLite's C API for Dateline's embedded stores (the search analytics,
// the newsroom's takedowns and audit log). Every failure is an Error(kUnavailable) that names the
// store and SQLite's reason.
#pragma once

#include <cstdint>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace dateline {

class SqliteDb {
 public:
  // Opens, or creates, the database at `path` with a WAL journal, waiting up to 2 s for another
  // connection's lock, then runs `schema` (CREATE ... IF NOT EXISTS statements). `what` names
  // the store in errors ("analytics store"). Throws Error(kUnavailable).
  SqliteDb(const std::string& path, std::string what, const char* schema);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  void exec(const char* sql);
  sqlite3* get() const { return db_; }
  const std::string& what() const { return what_; }
  std::int64_t changes() const;  // rows changed by the last statement

  // Runs `body` inside BEGIN IMMEDIATE ... COMMIT; rolls back and rethrows when it throws.
  template <class F>
  void transaction(F&& body) {
    exec("BEGIN IMMEDIATE");
    try {
      body();
      exec("COMMIT");
    } catch (...) {
      rollback();
      throw;
    }
  }

 private:
  void rollback() noexcept;
  sqlite3* db_ = nullptr;
  std::string what_;
};

// A prepared statement, finalized on scope exit.
class SqliteStatement {
 public:
  SqliteStatement(SqliteDb& db, const std::string& sql);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  void bind(int index, const std::string& text);
  void bind(int index, std::int64_t value);
  // Steps once: true with a row, false when done.
  bool step();
  void reset();  // for running it again, with fresh bindings
  std::string text(int column) const;
  std::int64_t integer(int column) const;

 private:
  [[noreturn]] void fail(const char* operation) const;
  SqliteDb& db_;
  sqlite3_stmt* stmt_ = nullptr;
};

}  // namespace dateline
