#include "ground_truth/table.h"

#include <cmath>

#include <nlohmann/json.hpp>

#include <naskernel/errors.h>
#include <naskernel/suggest.h>

#include "ground_truth/csv.h"
#include "ground_truth/json_document.h"
#include "ground_truth/record_files.h"

namespace naskernel {
namespace {

std::string join(const std::vector<std::string>& names) {
  std::string text;
  for (const auto& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

}  // namespace

GroundTruthTable& GroundTruthTable::operator=(const GroundTruthTable& other) {
  if (this != &other) {
    file_ = other.file_;
    metric_ = other.metric_;
    entries_ = other.entries_;
    build_index();
  }
  return *this;
}

void GroundTruthTable::build_index() {
  index_.clear();
  index_.reserve(entries_.size());
  for (size_t i = 0; i < entries_.size(); ++i) index_.emplace(entries_[i].arch, i);
}

std::optional<double> GroundTruthTable::find(const std::string& arch_string) const {
  const auto found = index_.find(arch_string);
  if (found == index_.end()) return std::nullopt;
  return entries_[found->second].value;
}

GroundTruthTable GroundTruthTable::load(const std::filesystem::path& file, const std::string& metric) {
  const RecordFileFormat format = record_file_format(file);
  const std::string text = read_text_file(file.string());
  const std::string name = file.string();
  GroundTruthTable table;
  table.file_ = file;
  table.metric_ = metric;

  if (format == RecordFileFormat::csv) {
    CsvReader reader(text, name);
    std::vector<std::string> header;
    if (!reader.next(header)) throw DataError(name + ": file is empty; expected a header line with `arch,"+ metric + "`.");
    size_t arch_column = header.size(), metric_column = header.size();
    for (size_t i = 0; i < header.size(); ++i) {
      if (header[i] == "arch") arch_column = i;
      if (header[i] == metric) metric_column = i;
    }
    if (arch_column == header.size()) {
      throw DataError(name + ":1: no `arch` column" + did_you_mean("arch", header) + "; available columns: " +
                      join(header) + ".");
    }
    if (metric_column == header.size()) {
      throw DataError(name + " has no column `" + metric + "`" + did_you_mean(metric, header) +
                      "; available columns: " + join(header) + ".");
    }
    std::vector<size_t> lines;  // kept only while loading, to name both lines of a duplicate
    std::vector<std::string> fields;
    while (reader.next(fields)) {
      const std::string where = name + ":" + std::to_string(reader.line());
      if (fields.size() != header.size()) {
        throw DataError(where + ": expected " + std::to_string(header.size()) + " fields like the header, found " +
                        std::to_string(fields.size()) + ".");
      }
      if (fields[arch_column].empty()) throw DataError(where + ": the `arch` field is empty.");
      double value = 0;
      if (!parse_double(fields[metric_column], value)) {
        throw DataError(where + ": column `" + metric + "` value `" + fields[metric_column] + "` is not a number.");
      }
      if (!std::isfinite(value)) {
        throw DataError(where + ": column `" + metric + "` value `" + fields[metric_column] +
                        "` is not finite; ground truth must be a finite number.");
      }
      table.entries_.push_back({std::move(fields[arch_column]), value});
      lines.push_back(reader.line());
    }
    table.build_index();
    if (table.index_.size() != table.entries_.size()) {
      std::unordered_map<std::string_view, size_t> first_line;
      for (size_t i = 0; i < table.entries_.size(); ++i) {
        const auto [it, inserted] = first_line.emplace(table.entries_[i].arch, lines[i]);
        if (!inserted) {
          throw DataError(name + ":" + std::to_string(lines[i]) + ": architecture `" + table.entries_[i].arch +
                          "` already appeared on line " + std::to_string(it->second) + ".");
        }
      }
    }
    return table;
  }

  const nlohmann::json document = parse_json_document(text, name);
  if (!document.is_object()) {
    throw DataError(name + ": expected a JSON object {\"ARCH\": {\"" + metric + "\": number, ...}, ...} at the top level.");
  }
  table.entries_.reserve(document.size());
  for (const auto& [arch, metrics] : document.items()) {
    if (!metrics.is_object()) {
      throw DataError(name + ": the value of architecture `" + arch + "` is not an object of metrics.");
    }
    const auto found = metrics.find(metric);
    if (found == metrics.end()) {
      std::vector<std::string> available;
      for (const auto& entry : metrics.items()) available.push_back(entry.key());
      throw DataError(name + ": architecture `" + arch + "` has no metric `" + metric + "`" +
                      did_you_mean(metric, available) + "; available: " + join(available) + ".");
    }
    if (!found->is_number()) {
      throw DataError(name + ": architecture `" + arch + "`, metric `" + metric + "` is " + found->dump() +
                      ", not a number.");
    }
    const double value = found->get<double>();
    if (!std::isfinite(value)) {  // JSON has no NaN or inf; kept in case a parser ever yields one
      throw DataError(name + ": architecture `" + arch + "`, metric `" + metric + "` is " + format_double(value) +
                      "; ground truth must be a finite number.");
    }
    table.entries_.push_back({arch, value});
  }
  table.build_index();  // JSON object keys are already unique
  return table;
}

}  // namespace naskernel
