#include "ground_truth/sqlite_database.h"

#include <sqlite3.h>

#include <chrono>
#include <thread>

#include <naskernel/errors.h>

namespace naskernel {

namespace {

// "file:PATH?immutable=1" with the characters a URI path reserves escaped.
std::string immutable_uri(const std::filesystem::path& file) {
  static const char* hex = "0123456789ABCDEF";
  std::string uri = "file:";
  for (const unsigned char c : std::filesystem::absolute(file).string()) {
    if (c == '%' || c == '?' || c == '#' || c <= ' ' || c >= 0x7f) {
      uri += '%';
      uri += hex[c >> 4];
      uri += hex[c & 15];
    } else {
      uri += static_cast<char>(c);
    }
  }
  return uri + "?immutable=1";
}

}  // namespace

SqliteDatabase::SqliteDatabase(const std::filesystem::path& file, int busy_timeout_ms, Mode mode)
    : file_(file), busy_timeout_ms_(busy_timeout_ms) {
  int flags = SQLITE_OPEN_FULLMUTEX;
  std::string name = file.string();
  switch (mode) {
    case Mode::read_write: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
    case Mode::read_only: flags |= SQLITE_OPEN_READONLY; break;
    case Mode::read_only_immutable:
      flags |= SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
      name = immutable_uri(file);
      break;
  }
  const int code = sqlite3_open_v2(name.c_str(), &handle_, flags, nullptr);
  if (code != SQLITE_OK) {
    const std::string message = handle_ ? sqlite3_errmsg(handle_) : sqlite3_errstr(code);
    sqlite3_close(handle_);
    handle_ = nullptr;
    throw UserError("Cannot open ground-truth store " + file.string() + ": " + message + ".");
  }
  sqlite3_extended_result_codes(handle_, 1);
  sqlite3_busy_timeout(handle_, busy_timeout_ms);
}

SqliteDatabase::~SqliteDatabase() { sqlite3_close_v2(handle_); }

void SqliteDatabase::fail(std::string_view what) const {
  throw UserError("Ground-truth store " + file_.string() + ": " + std::string(what) + " failed: " +
                  sqlite3_errmsg(handle_) + ".");
}

void SqliteDatabase::check(int code, std::string_view what) const {
  if (code != SQLITE_OK && code != SQLITE_ROW && code != SQLITE_DONE) fail(what);
}

void SqliteDatabase::execute(std::string_view sql) {
  char* error = nullptr;
  const int code = sqlite3_exec(handle_, std::string(sql).c_str(), nullptr, nullptr, &error);
  if (code != SQLITE_OK) {
    const std::string message = error ? error : sqlite3_errstr(code);
    sqlite3_free(error);
    throw UserError("Ground-truth store " + file_.string() + ": `" + std::string(sql) + "` failed: " +
                    message + ".");
  }
}

void SqliteDatabase::execute_retrying_when_busy(std::string_view sql) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(busy_timeout_ms_);
  const std::string text(sql);
  while (true) {
    char* error = nullptr;
    const int code = sqlite3_exec(handle_, text.c_str(), nullptr, nullptr, &error);
    const std::string message = error ? error : sqlite3_errstr(code);
    sqlite3_free(error);
    if (code == SQLITE_OK) return;
    const int primary = code & 0xff;
    if ((primary == SQLITE_BUSY || primary == SQLITE_LOCKED) && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
      continue;
    }
    throw UserError("Ground-truth store " + file_.string() + ": `" + text + "` failed: " + message + ".");
  }
}

SqliteStatement::SqliteStatement(SqliteDatabase& database, std::string_view sql) : database_(database) {
  const int code = sqlite3_prepare_v2(database.handle(), sql.data(), static_cast<int>(sql.size()),
                                      &statement_, nullptr);
  database_.check(code, "preparing `" + std::string(sql) + "`");
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(statement_); }

void SqliteStatement::bind(int index, std::string_view text) {
  database_.check(sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()),
                                    SQLITE_TRANSIENT),
                  "binding a text parameter");
}

void SqliteStatement::bind(int index, int64_t value) {
  database_.check(sqlite3_bind_int64(statement_, index, value), "binding an integer parameter");
}

void SqliteStatement::bind(int index, double value) {
  database_.check(sqlite3_bind_double(statement_, index, value), "binding a real parameter");
}

bool SqliteStatement::step() {
  const int code = sqlite3_step(statement_);
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  database_.fail("running `" + std::string(sqlite3_sql(statement_)) + "`");
}

void SqliteStatement::reset() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

std::string SqliteStatement::column_text(int index) const {
  const unsigned char* text = sqlite3_column_text(statement_, index);
  const int bytes = sqlite3_column_bytes(statement_, index);
  return text ? std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(bytes)) : std::string();
}

int64_t SqliteStatement::column_int64(int index) const { return sqlite3_column_int64(statement_, index); }

double SqliteStatement::column_double(int index) const { return sqlite3_column_double(statement_, index); }

bool SqliteStatement::column_is_null(int index) const {
  return sqlite3_column_type(statement_, index) == SQLITE_NULL;
}

SqliteTransaction::SqliteTransaction(SqliteDatabase& database) : database_(database) {
  database_.execute("BEGIN IMMEDIATE");
}

SqliteTransaction::~SqliteTransaction() {
  if (open_) sqlite3_exec(database_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void SqliteTransaction::commit() {
  database_.execute("COMMIT");
  open_ = false;
}

}  // namespace naskernel
