// The ground-truth store: a SQLite file that keeps every stand-alone result
// so that no architecture is ever trained twice for the same recipe. It
// outlives runs and is shared by concurrent processes (WAL journal, 30 s busy
// timeout, one write transaction per put), and survives a process killed
// mid-write: a put() that returned is on disk.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "ground_truth/ground_truth_record.h"

namespace naskernel {

class SqliteDatabase;
class SqliteStatement;

class GroundTruthStore {
 public:
  // $NASKERNEL_STORE if set, else $HOME/.cache/naskernel/groundtruth.sqlite.
  // Throws UserError if neither variable is set. default_path() also
  // creates the parent folders; default_location() creates nothing.
  static std::filesystem::path default_path();
  static std::filesystem::path default_location();

  // Opens or creates the store (and its parent folders). Throws UserError
  // naming the file and SQLite's message if it is not a usable database,
  // if it was written by a newer schema than this build understands, or if
  // its `ground_truth` table lacks a column this build reads.
  explicit GroundTruthStore(const std::filesystem::path& file);

  // The constructor's checks, for `naskernel validate`, without creating or
  // changing anything: an absent file passes (a run creates it) unless a
  // folder on its path is a file; an existing one is opened read-only.
  static void check_file(const std::filesystem::path& file);
  ~GroundTruthStore();
  GroundTruthStore(const GroundTruthStore&) = delete;
  GroundTruthStore& operator=(const GroundTruthStore&) = delete;

  std::optional<GroundTruthRecord> find(const GroundTruthKey& key) const;

  // Inserts or replaces the record with the same key, in one transaction.
  // An empty created_utc is filled with the current UTC time, an empty
  // naskernel_version with this build's version. Throws UserError if space,
  // arch_key or fingerprint is empty, or if the kGroundTruthMetric metric is
  // present and not finite.
  void put(const GroundTruthRecord& record);

  // All records (of one space if `space_filter` is not empty), sorted by
  // space, arch_key, fingerprint, seed.
  std::vector<GroundTruthRecord> list(const std::string& space_filter = "") const;

  // Reads a CSV or JSON file (see record_files.h) and upserts every record
  // in one transaction: either all are imported or none. Returns the count.
  size_t import_file(const std::filesystem::path& file);

  // Writes `records` as CSV or JSON, chosen by the extension.
  void export_file(const std::filesystem::path& file, const std::vector<GroundTruthRecord>& records) const;

  const std::filesystem::path& file() const { return file_; }

  // Version of the table layout this build reads and writes.
  static constexpr int kSchemaVersion = 1;

 private:
  void put_locked(const GroundTruthRecord& record);

  std::filesystem::path file_;
  std::unique_ptr<SqliteDatabase> database_;
  std::unique_ptr<SqliteStatement> find_statement_;
  std::unique_ptr<SqliteStatement> put_statement_;
  mutable std::mutex mutex_;  // one connection; calls from several threads take turns
};

// This build's version string, as stored in GroundTruthRecord::naskernel_version.
std::string naskernel_version_string();

// Current time as ISO 8601 UTC, e.g. "2024-05-01T12:00:00Z".
std::string current_utc_timestamp();

}  // namespace naskernel
