#include "ground_truth/store.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <limits>
#include <set>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include <naskernel/errors.h>

#include "ground_truth/csv.h"
#include "ground_truth/record_files.h"
#include "ground_truth/sqlite_database.h"

#ifndef NASKERNEL_VERSION_STRING
#define NASKERNEL_VERSION_STRING "unknown"
#endif

namespace naskernel {
namespace {

constexpr int kBusyTimeoutMs = 30000;

constexpr const char* kSelectColumns =
    "SELECT space, arch_key, fingerprint, seed, arch, metrics, wall_seconds, naskernel_version, created_utc "
    "FROM ground_truth";

// The columns kSelectColumns reads, for checking a store made elsewhere.
const std::vector<std::string> kColumns = {"space",   "arch_key",     "fingerprint",       "seed",       "arch",
                                           "metrics", "wall_seconds", "naskernel_version", "created_utc"};

bool has_table(SqliteDatabase& database, const char* name) {
  SqliteStatement statement(database, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
  statement.bind(1, std::string_view(name));
  return statement.step();
}

// Refuses a store written by a newer schema, and a `ground_truth` table that
// lacks a column this build reads. Tables that are absent pass: opening for
// writing creates them.
void check_schema(SqliteDatabase& database, const std::filesystem::path& file) {
  if (has_table(database, "schema_version")) {
    SqliteStatement version(database, "SELECT MAX(version) FROM schema_version");
    version.step();
    if (!version.column_is_null(0) && version.column_int64(0) > GroundTruthStore::kSchemaVersion) {
      throw UserError("Ground-truth store " + file.string() + " has schema version " +
                      std::to_string(version.column_int64(0)) + ", newer than this naskernel understands (" +
                      std::to_string(GroundTruthStore::kSchemaVersion) + "); upgrade naskernel or use another --store.");
    }
  }
  if (has_table(database, "ground_truth")) {
    std::set<std::string> columns;
    SqliteStatement info(database, "PRAGMA table_info(ground_truth)");
    while (info.step()) columns.insert(info.column_text(1));
    for (const auto& column : kColumns) {
      if (!columns.count(column)) {
        throw UserError("Ground-truth store " + file.string() + " has a `ground_truth` table without column `" +
                        column + "`, so naskernel did not write it; use another store.");
      }
    }
  }
}

// SQLite opens lazily; reading the header now reports a corrupt or foreign
// file as such, not as the failure of some later statement.
void check_readable(SqliteDatabase& database, const std::filesystem::path& file) {
  try {
    database.execute_retrying_when_busy("SELECT count(*) FROM sqlite_master");
  } catch (const UserError&) {
    throw UserError("Ground-truth store " + file.string() + " cannot be read as a SQLite database: " +
                    sqlite3_errmsg(database.handle()) + ".");
  }
}

// Metrics are one JSON object per record, so new metric names need no schema
// change. NaN is written as null and read back as NaN.
std::string metrics_to_json(const std::map<std::string, double>& metrics) {
  nlohmann::json object = nlohmann::json::object();
  for (const auto& [name, value] : metrics) object[name] = value;  // nlohmann writes NaN/inf as null
  return object.dump();
}

std::map<std::string, double> metrics_from_json(const std::string& text, const std::filesystem::path& file) {
  std::map<std::string, double> metrics;
  nlohmann::json object;
  try {
    object = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& error) {
    throw DataError("Ground-truth store " + file.string() + " holds unreadable metrics `" + text + "`: " +
                    error.what());
  }
  for (const auto& entry : object.items()) {
    metrics[entry.key()] = entry.value().is_number() ? entry.value().get<double>()
                                                     : std::numeric_limits<double>::quiet_NaN();
  }
  return metrics;
}

GroundTruthRecord read_row(const SqliteStatement& row, const std::filesystem::path& file) {
  GroundTruthRecord record;
  record.key.space = row.column_text(0);
  record.key.arch_key = row.column_text(1);
  record.key.fingerprint = row.column_text(2);
  record.key.seed = row.column_int64(3);
  record.arch = row.column_text(4);
  record.metrics = metrics_from_json(row.column_text(5), file);
  record.wall_seconds =
      row.column_is_null(6) ? std::numeric_limits<double>::quiet_NaN() : row.column_double(6);
  record.naskernel_version = row.column_text(7);
  record.created_utc = row.column_text(8);
  return record;
}

}  // namespace

std::string naskernel_version_string() { return NASKERNEL_VERSION_STRING; }

std::string current_utc_timestamp() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::filesystem::path GroundTruthStore::default_location() {
  if (const char* explicit_path = std::getenv("NASKERNEL_STORE"); explicit_path && *explicit_path) {
    return explicit_path;
  }
  if (const char* home = std::getenv("HOME"); home && *home) {
    return std::filesystem::path(home) / ".cache" / "naskernel" / "groundtruth.sqlite";
  }
  throw UserError("Neither NASKERNEL_STORE nor HOME is set, so there is no default ground-truth store; "
                  "pass --store PATH.");
}

std::filesystem::path GroundTruthStore::default_path() {
  const std::filesystem::path path = default_location();
  std::error_code error;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), error);
  if (error) {
    throw UserError("Cannot create the folder " + path.parent_path().string() + " for the ground-truth store: " +
                    error.message() + ".");
  }
  return path;
}

GroundTruthStore::GroundTruthStore(const std::filesystem::path& file) : file_(file) {
  if (std::filesystem::is_directory(file)) {
    throw UserError("Ground-truth store " + file.string() + " is a directory, not a SQLite file.");
  }
  std::error_code error;
  if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), error);
  if (error) {
    throw UserError("Cannot create the folder " + file.parent_path().string() + " for the ground-truth store: " +
                    error.message() + ".");
  }
  database_ = std::make_unique<SqliteDatabase>(file, kBusyTimeoutMs);
  check_readable(*database_, file);
  // WAL: readers never block the writer and a killed writer leaves the file
  // consistent. synchronous=FULL: a committed put survives even a power cut;
  // one fsync per record is nothing next to hours of training.
  // WAL is stored in the file: switching a new file needs an exclusive lock
  // that SQLite does not wait for on its own; later opens are a no-op.
  database_->execute_retrying_when_busy("PRAGMA journal_mode=WAL");
  database_->execute("PRAGMA synchronous=FULL");
  {
    SqliteTransaction transaction(*database_);
    database_->execute(
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);"
        "CREATE TABLE IF NOT EXISTS ground_truth ("
        "  space TEXT NOT NULL, arch_key TEXT NOT NULL, fingerprint TEXT NOT NULL, seed INTEGER NOT NULL,"
        "  arch TEXT NOT NULL, metrics TEXT NOT NULL, wall_seconds REAL,"
        "  naskernel_version TEXT NOT NULL, created_utc TEXT NOT NULL,"
        "  PRIMARY KEY (space, arch_key, fingerprint, seed));");
    check_schema(*database_, file);
    SqliteStatement version(*database_, "SELECT MAX(version) FROM schema_version");
    version.step();
    if (version.column_is_null(0)) {
      database_->execute("INSERT INTO schema_version (version) VALUES (" + std::to_string(kSchemaVersion) + ")");
    }
    transaction.commit();
  }
  find_statement_ = std::make_unique<SqliteStatement>(
      *database_, std::string(kSelectColumns) + " WHERE space = ?1 AND arch_key = ?2 AND fingerprint = ?3 AND seed = ?4");
  put_statement_ = std::make_unique<SqliteStatement>(
      *database_,
      "INSERT INTO ground_truth (space, arch_key, fingerprint, seed, arch, metrics, wall_seconds, "
      "naskernel_version, created_utc) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
      "ON CONFLICT (space, arch_key, fingerprint, seed) DO UPDATE SET arch = excluded.arch, "
      "metrics = excluded.metrics, wall_seconds = excluded.wall_seconds, "
      "naskernel_version = excluded.naskernel_version, created_utc = excluded.created_utc");
}

void GroundTruthStore::check_file(const std::filesystem::path& file) {
  std::error_code error;
  const auto status = std::filesystem::status(file, error);
  if (!std::filesystem::exists(status)) {
    // A run creates the file and its folders, unless a "folder" is a file.
    for (auto folder = file.parent_path(); !folder.empty(); folder = folder.parent_path()) {
      if (std::filesystem::exists(folder, error)) {
        if (!std::filesystem::is_directory(folder, error)) {
          throw UserError("Ground-truth store " + file.string() + " cannot be created: " + folder.string() +
                          " is not a folder.");
        }
        break;
      }
      if (folder == folder.parent_path()) break;
    }
    return;
  }
  if (std::filesystem::is_directory(status)) {
    throw UserError("Ground-truth store " + file.string() + " is a directory, not a SQLite file.");
  }
  // An empty file is an empty database, which a run sets up.
  if (std::filesystem::file_size(file, error) == 0 && !error) return;

  char header[100] = {};
  {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw UserError("Cannot open ground-truth store " + file.string() + " for reading.");
    in.read(header, sizeof header);
    if (in.gcount() != sizeof header || std::memcmp(header, "SQLite format 3", 16) != 0) {
      throw UserError("Ground-truth store " + file.string() +
                      " cannot be read as a SQLite database: file is not a database.");
    }
  }
  // A read-only connection to a WAL database creates its -wal and -shm files
  // when they are missing, that is when no other connection has it open;
  // then the file is at rest and can be read as immutable, creating nothing.
  // With them present, a normal read-only connection sees concurrent writers.
  const bool wal = header[18] == 2 && header[19] == 2;
  const bool at_rest = !std::filesystem::exists(std::filesystem::path(file.string() + "-wal"), error);
  SqliteDatabase database(file, kBusyTimeoutMs,
                          wal && at_rest ? SqliteDatabase::Mode::read_only_immutable : SqliteDatabase::Mode::read_only);
  check_readable(database, file);
  check_schema(database, file);
}

GroundTruthStore::~GroundTruthStore() {
  // Statements must be finalized before the connection closes.
  find_statement_.reset();
  put_statement_.reset();
  database_.reset();
}

std::optional<GroundTruthRecord> GroundTruthStore::find(const GroundTruthKey& key) const {
  std::lock_guard<std::mutex> lock(mutex_);
  SqliteStatement& statement = *find_statement_;
  statement.reset();
  statement.bind(1, key.space);
  statement.bind(2, key.arch_key);
  statement.bind(3, key.fingerprint);
  statement.bind(4, key.seed);
  std::optional<GroundTruthRecord> record;
  if (statement.step()) record = read_row(statement, file_);
  statement.reset();
  return record;
}

void GroundTruthStore::put_locked(const GroundTruthRecord& record) {
  for (const auto& [name, value] : {std::pair<const char*, const std::string*>{"space", &record.key.space},
                                    {"arch_key", &record.key.arch_key},
                                    {"fingerprint", &record.key.fingerprint}}) {
    if (value->empty()) {
      throw UserError("Cannot store ground truth for arch `" + record.arch + "`: its `" + name + "` is empty.");
    }
  }
  const auto truth = record.metrics.find(kGroundTruthMetric);
  if (truth != record.metrics.end() && !std::isfinite(truth->second)) {
    throw UserError("Cannot store ground truth for arch `" + record.arch + "`: its metric `" + kGroundTruthMetric +
                    "` is " + format_double(truth->second) + "; ground truth must be a finite number.");
  }
  SqliteStatement& statement = *put_statement_;
  statement.reset();
  statement.bind(1, record.key.space);
  statement.bind(2, record.key.arch_key);
  statement.bind(3, record.key.fingerprint);
  statement.bind(4, record.key.seed);
  statement.bind(5, record.arch);
  statement.bind(6, metrics_to_json(record.metrics));
  statement.bind(7, record.wall_seconds);  // SQLite stores NaN as NULL; read back as NaN
  statement.bind(8, record.naskernel_version.empty() ? naskernel_version_string() : record.naskernel_version);
  statement.bind(9, record.created_utc.empty() ? current_utc_timestamp() : record.created_utc);
  statement.step();
  statement.reset();
}

void GroundTruthStore::put(const GroundTruthRecord& record) {
  std::lock_guard<std::mutex> lock(mutex_);
  SqliteTransaction transaction(*database_);
  put_locked(record);
  transaction.commit();
}

std::vector<GroundTruthRecord> GroundTruthStore::list(const std::string& space_filter) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const std::string order = " ORDER BY space, arch_key, fingerprint, seed";
  SqliteStatement statement(*database_, std::string(kSelectColumns) +
                                            (space_filter.empty() ? order : " WHERE space = ?1" + order));
  if (!space_filter.empty()) statement.bind(1, space_filter);
  std::vector<GroundTruthRecord> records;
  while (statement.step()) records.push_back(read_row(statement, file_));
  return records;
}

size_t GroundTruthStore::import_file(const std::filesystem::path& file) {
  const std::vector<GroundTruthRecord> records = read_record_file(file);  // parse all before writing any
  std::lock_guard<std::mutex> lock(mutex_);
  SqliteTransaction transaction(*database_);
  for (const auto& record : records) put_locked(record);
  transaction.commit();
  return records.size();
}

void GroundTruthStore::export_file(const std::filesystem::path& file,
                                   const std::vector<GroundTruthRecord>& records) const {
  write_record_file(file, records);
}

}  // namespace naskernel
