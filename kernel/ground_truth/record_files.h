// Ground-truth records as portable files, for sharing between machines and
// for people who want the numbers in a spreadsheet or notebook.
//
// CSV: one header line, then one record per line. Columns: space, arch_key,
//   arch, fingerprint, seed, wall_seconds, naskernel_version, created_utc and
//   one `metric.NAME` column per metric (empty cell = record lacks it).
// JSON: an array of objects {"space", "arch_key", "arch", "fingerprint",
//   "seed", "metrics": {NAME: number|null}, "wall_seconds",
//   "naskernel_version", "created_utc"}; null stands for NaN.
// A record's `ground_truth` metric (kGroundTruthMetric), when present, must
// be finite: reading refuses nan, inf or null there, naming line or record.
// The format follows the extension (.csv or .json, any case).
#pragma once

#include <filesystem>
#include <vector>

#include "ground_truth/ground_truth_record.h"

namespace naskernel {

enum class RecordFileFormat { csv, json };

// Throws UserError naming the file if the extension is neither .csv nor .json.
RecordFileFormat record_file_format(const std::filesystem::path& file);

// Throws DataError naming file and line (CSV) or record index (JSON).
std::vector<GroundTruthRecord> read_record_file(const std::filesystem::path& file);

// Writes to FILE.tmp then renames, so a crash never leaves half a file.
void write_record_file(const std::filesystem::path& file, const std::vector<GroundTruthRecord>& records);

}  // namespace naskernel
