// Thin RAII wrappers over the SQLite C API: one connection, prepared
// statements, and a transaction guard. Every SQLite failure becomes a
// UserError that names the database file and carries SQLite's message.
// Kept rather than SQLiteCpp (libsqlitecpp-dev): its exceptions do not name
// the file, and the store needs only prepare/bind/step and transactions.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace naskernel {

class SqliteDatabase;

class SqliteStatement {
 public:
  SqliteStatement(SqliteDatabase& database, std::string_view sql);
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  // Parameters are 1-based, as in SQLite.
  void bind(int index, std::string_view text);
  void bind(int index, int64_t value);
  void bind(int index, double value);
  // Runs one step: true while a row is available.
  bool step();
  void reset();

  std::string column_text(int index) const;
  int64_t column_int64(int index) const;
  double column_double(int index) const;
  bool column_is_null(int index) const;

 private:
  SqliteDatabase& database_;
  sqlite3_stmt* statement_ = nullptr;
};

class SqliteDatabase {
 public:
  // read_write: opens, creating if missing. read_only: never creates or
  // writes the file. read_only_immutable: also creates no -wal/-shm files
  // and takes no locks; only for a file no other connection has open.
  enum class Mode { read_write, read_only, read_only_immutable };

  // Opens the database file with a busy timeout, so that concurrent writers
  // from other processes wait instead of failing.
  SqliteDatabase(const std::filesystem::path& file, int busy_timeout_ms, Mode mode = Mode::read_write);
  ~SqliteDatabase();
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  // Runs one or more statements that return no rows of interest.
  void execute(std::string_view sql);
  // Like execute(), but retries while another connection holds a lock, up to
  // the busy timeout. Needed for statements for which SQLite does not call
  // its busy handler, such as switching the journal mode while a second
  // process is creating the same file.
  void execute_retrying_when_busy(std::string_view sql);
  // Throws UserError "... store FILE: WHAT: <sqlite message>" if code is an error.
  void check(int code, std::string_view what) const;
  [[noreturn]] void fail(std::string_view what) const;

  sqlite3* handle() const { return handle_; }
  const std::filesystem::path& file() const { return file_; }

 private:
  std::filesystem::path file_;
  sqlite3* handle_ = nullptr;
  int busy_timeout_ms_ = 0;
};

// BEGIN IMMEDIATE on construction (takes the write lock up front, so the
// busy timeout applies and no deadlock between readers-turned-writers can
// occur); ROLLBACK on destruction unless commit() was called.
class SqliteTransaction {
 public:
  explicit SqliteTransaction(SqliteDatabase& database);
  ~SqliteTransaction();
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  void commit();

 private:
  SqliteDatabase& database_;
  bool open_ = true;
};

}  // namespace naskernel
