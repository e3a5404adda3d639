#include "ground_truth/record_files.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <limits>
#include <set>

#include <nlohmann/json.hpp>

#include <naskernel/errors.h>
#include <naskernel/suggest.h>

#include "ground_truth/csv.h"
#include "ground_truth/json_document.h"

namespace naskernel {
namespace {

const std::vector<std::string> kFixedColumns = {"space", "arch_key",     "arch",           "fingerprint", "seed",
                                                "wall_seconds", "naskernel_version", "created_utc"};
constexpr std::string_view kMetricPrefix = "metric.";

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text;
}

// The ground-truth metric of a record read from `where` must be finite: a
// search would rank by it. Other metrics may be NaN (a diverged run's loss).
// `nan_text` is how the file wrote NaN ("nan" in CSV, null in JSON).
void check_ground_truth_finite(const GroundTruthRecord& record, const std::string& where, const std::string& column,
                               const char* nan_text) {
  const auto found = record.metrics.find(kGroundTruthMetric);
  if (found != record.metrics.end() && !std::isfinite(found->second)) {
    throw DataError(where + ": `" + column + "` is " +
                    (std::isnan(found->second) ? std::string(nan_text) : format_double(found->second)) +
                    "; ground truth must be a finite number.");
  }
}

// ---- CSV -------------------------------------------------------------------

std::vector<GroundTruthRecord> read_csv(const std::filesystem::path& file) {
  const std::string text = read_text_file(file.string());
  CsvReader reader(text, file.string());
  std::vector<std::string> header;
  if (!reader.next(header)) throw DataError(file.string() + ": file is empty; expected a header line.");

  std::map<std::string, size_t> fixed_index;
  std::vector<std::pair<std::string, size_t>> metric_columns;
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string& name = header[i];
    if (name.rfind(kMetricPrefix, 0) == 0 && name.size() > kMetricPrefix.size()) {
      metric_columns.emplace_back(name.substr(kMetricPrefix.size()), i);
    } else if (std::find(kFixedColumns.begin(), kFixedColumns.end(), name) != kFixedColumns.end()) {
      if (!fixed_index.emplace(name, i).second) {
        throw DataError(file.string() + ":1: column `" + name + "` appears twice.");
      }
    } else {
      throw DataError(file.string() + ":1: unknown column `" + name + "`" + did_you_mean(name, kFixedColumns) +
                      "; metric columns are named `metric.NAME`.");
    }
  }
  for (const auto& required : kFixedColumns) {
    if (!fixed_index.count(required)) {
      throw DataError(file.string() + ":1: missing column `" + required + "`.");
    }
  }

  std::vector<GroundTruthRecord> records;
  std::vector<std::string> fields;
  while (reader.next(fields)) {
    const std::string where = file.string() + ":" + std::to_string(reader.line());
    if (fields.size() != header.size()) {
      throw DataError(where + ": expected " + std::to_string(header.size()) + " fields like the header, found " +
                      std::to_string(fields.size()) + ".");
    }
    auto field = [&](const std::string& column) -> const std::string& { return fields[fixed_index.at(column)]; };
    auto number = [&](const std::string& column, const std::string& text) {
      double value = 0;
      if (!parse_double(text, value)) {
        throw DataError(where + ": column `" + column + "` value `" + text + "` is not a number.");
      }
      return value;
    };
    GroundTruthRecord record;
    record.key.space = field("space");
    record.key.arch_key = field("arch_key");
    record.key.fingerprint = field("fingerprint");
    const std::string& seed_text = field("seed");
    try {
      size_t used = 0;
      record.key.seed = std::stoll(seed_text, &used);
      if (used != seed_text.size()) throw std::invalid_argument("trailing characters");
    } catch (const std::exception&) {
      throw DataError(where + ": column `seed` value `" + seed_text + "` is not an integer.");
    }
    record.arch = field("arch");
    record.wall_seconds = number("wall_seconds", field("wall_seconds"));
    record.naskernel_version = field("naskernel_version");
    record.created_utc = field("created_utc");
    for (const auto& [metric, index] : metric_columns) {
      if (fields[index].empty()) continue;  // this record lacks the metric
      record.metrics[metric] = number(std::string(kMetricPrefix) + metric, fields[index]);
    }
    check_ground_truth_finite(record, where, std::string(kMetricPrefix) + kGroundTruthMetric, "nan");
    for (const char* required : {"space", "arch_key", "fingerprint"}) {
      if (field(required).empty()) throw DataError(where + ": column `" + required + "` is empty.");
    }
    records.push_back(std::move(record));
  }
  return records;
}

std::string csv_text(const std::vector<GroundTruthRecord>& records) {
  std::set<std::string> metric_names;
  for (const auto& record : records) {
    for (const auto& entry : record.metrics) metric_names.insert(entry.first);
  }
  std::vector<std::string> header = kFixedColumns;
  for (const auto& name : metric_names) header.push_back(std::string(kMetricPrefix) + name);
  std::string text = csv_line(header) + "\n";
  for (const auto& record : records) {
    std::vector<std::string> fields = {record.key.space,       record.key.arch_key, record.arch,
                                       record.key.fingerprint, std::to_string(record.key.seed),
                                       format_double(record.wall_seconds), record.naskernel_version,
                                       record.created_utc};
    for (const auto& name : metric_names) {
      const auto found = record.metrics.find(name);
      fields.push_back(found == record.metrics.end() ? std::string() : format_double(found->second));
    }
    text += csv_line(fields) + "\n";
  }
  return text;
}

// ---- JSON ------------------------------------------------------------------

std::vector<GroundTruthRecord> read_json(const std::filesystem::path& file) {
  const std::string text = read_text_file(file.string());
  const nlohmann::json document = parse_json_document(text, file.string());
  if (!document.is_array()) {
    throw DataError(file.string() + ": expected a JSON array of ground-truth records at the top level.");
  }
  const std::vector<std::string> known_keys = {"space",        "arch_key",          "arch",
                                               "fingerprint",  "seed",              "metrics",
                                               "wall_seconds", "naskernel_version", "created_utc"};
  std::vector<GroundTruthRecord> records;
  for (size_t i = 0; i < document.size(); ++i) {
    const nlohmann::json& item = document[i];
    const std::string where = file.string() + ": record " + std::to_string(i + 1);
    if (!item.is_object()) throw DataError(where + " is not a JSON object.");
    for (const auto& entry : item.items()) {
      if (std::find(known_keys.begin(), known_keys.end(), entry.key()) == known_keys.end()) {
        throw DataError(where + " has unknown key `" + entry.key() + "`" + did_you_mean(entry.key(), known_keys) +
                        ".");
      }
    }
    auto require = [&](const char* key) -> const nlohmann::json& {
      if (!item.contains(key)) throw DataError(where + " lacks key `" + key + "`.");
      return item.at(key);
    };
    auto string_of = [&](const char* key) {
      const auto& value = require(key);
      if (!value.is_string()) throw DataError(where + ": `" + key + "` must be a string.");
      return value.get<std::string>();
    };
    auto number_of = [&](const std::string& key, const nlohmann::json& value) {
      if (value.is_null()) return std::numeric_limits<double>::quiet_NaN();
      if (!value.is_number()) throw DataError(where + ": `" + key + "` must be a number.");
      return value.get<double>();
    };
    GroundTruthRecord record;
    record.key.space = string_of("space");
    record.key.arch_key = string_of("arch_key");
    record.key.fingerprint = string_of("fingerprint");
    const auto& seed = require("seed");
    if (!seed.is_number_integer()) throw DataError(where + ": `seed` must be an integer.");
    record.key.seed = seed.get<int64_t>();
    record.arch = string_of("arch");
    record.wall_seconds = number_of("wall_seconds", require("wall_seconds"));
    record.naskernel_version = string_of("naskernel_version");
    record.created_utc = string_of("created_utc");
    const auto& metrics = require("metrics");
    if (!metrics.is_object()) throw DataError(where + ": `metrics` must be an object of numbers.");
    for (const auto& entry : metrics.items()) {
      record.metrics[entry.key()] = number_of("metrics." + entry.key(), entry.value());
    }
    check_ground_truth_finite(record, where, std::string("metrics.") + kGroundTruthMetric, "null");
    for (const char* required : {"space", "arch_key", "fingerprint"}) {
      if (item.at(required).get<std::string>().empty()) throw DataError(where + ": `" + required + "` is empty.");
    }
    records.push_back(std::move(record));
  }
  return records;
}

std::string json_text(const std::vector<GroundTruthRecord>& records) {
  nlohmann::json document = nlohmann::json::array();
  for (const auto& record : records) {
    nlohmann::json metrics = nlohmann::json::object();
    for (const auto& [name, value] : record.metrics) {
      metrics[name] = std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
    }
    document.push_back({{"space", record.key.space},
                        {"arch_key", record.key.arch_key},
                        {"arch", record.arch},
                        {"fingerprint", record.key.fingerprint},
                        {"seed", record.key.seed},
                        {"metrics", metrics},
                        {"wall_seconds", record.wall_seconds},
                        {"naskernel_version", record.naskernel_version},
                        {"created_utc", record.created_utc}});
  }
  return document.dump(2) + "\n";
}

}  // namespace

RecordFileFormat record_file_format(const std::filesystem::path& file) {
  const std::string extension = lower(file.extension().string());
  if (extension == ".csv") return RecordFileFormat::csv;
  if (extension == ".json") return RecordFileFormat::json;
  throw UserError(file.string() + ": unknown extension `" + file.extension().string() +
                  "`; ground-truth files must end in .csv or .json.");
}

std::vector<GroundTruthRecord> read_record_file(const std::filesystem::path& file) {
  return record_file_format(file) == RecordFileFormat::csv ? read_csv(file) : read_json(file);
}

void write_record_file(const std::filesystem::path& file, const std::vector<GroundTruthRecord>& records) {
  const std::string text = record_file_format(file) == RecordFileFormat::csv ? csv_text(records) : json_text(records);
  std::filesystem::path temporary = file;
  temporary += ".tmp";
  {
    std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
    if (!out) throw UserError("Cannot open " + temporary.string() + " for writing.");
    out << text;
    out.close();
    if (!out) throw UserError("Failed while writing " + temporary.string() + ".");
  }
  std::error_code error;
  std::filesystem::rename(temporary, file, error);
  if (error) throw UserError("Cannot rename " + temporary.string() + " to " + file.string() + ": " + error.message() + ".");
}

}  // namespace naskernel
