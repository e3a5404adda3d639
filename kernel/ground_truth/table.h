// Ground truth read from a benchmark table (e.g. NAS-Bench-201 exported to
// CSV or JSON): one metric per architecture string, looked up exactly.
//
// CSV: a header line with a column named `arch` and one column per metric;
//   fields may be quoted. JSON: {"ARCH STRING": {"METRIC": number, ...}, ...}.
// The format follows the extension (.csv or .json, any case).
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace naskernel {

struct TableEntry {
  std::string arch;  // exactly as written in the file
  double value;      // the chosen metric
};

class GroundTruthTable {
 public:
  // Throws UserError/DataError naming the file and, where it applies, the
  // line and column: unknown extension, missing metric column (the message
  // lists the available ones), malformed line, non-numeric, empty or
  // non-finite (nan, inf) value, an architecture listed twice.
  static GroundTruthTable load(const std::filesystem::path& file, const std::string& metric);

  std::optional<double> find(const std::string& arch_string) const;
  size_t size() const { return entries_.size(); }
  // Every architecture with its value, in file order (CSV) or key order (JSON).
  const std::vector<TableEntry>& entries() const { return entries_; }
  const std::string& metric() const { return metric_; }
  const std::filesystem::path& file() const { return file_; }

  GroundTruthTable(const GroundTruthTable& other) { *this = other; }
  GroundTruthTable& operator=(const GroundTruthTable& other);
  GroundTruthTable(GroundTruthTable&&) noexcept = default;
  GroundTruthTable& operator=(GroundTruthTable&&) noexcept = default;

 private:
  GroundTruthTable() = default;
  // The index points into entries_, so it is rebuilt on copy.
  void build_index();

  std::filesystem::path file_;
  std::string metric_;
  std::vector<TableEntry> entries_;
  std::unordered_map<std::string_view, size_t> index_;
};

}  // namespace naskernel
