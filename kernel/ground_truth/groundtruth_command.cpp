#include "ground_truth/groundtruth_command.h"

#include <algorithm>
#include <cstdio>
#include <functional>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include <naskernel/errors.h>

#include "ground_truth/record_files.h"
#include "ground_truth/store.h"

namespace naskernel {
namespace {

struct GroundTruthOptions {
  std::string store;  // empty: GroundTruthStore::default_path()
  std::string space;
  std::string file;
};

std::string format_number(double value, const char* format) {
  char text[64];
  std::snprintf(text, sizeof(text), format, value);
  return text;
}

std::string metrics_text(const std::map<std::string, double>& metrics) {
  std::string text;
  for (const auto& [name, value] : metrics) {
    text += (text.empty() ? "" : " ") + name + "=" + format_number(value, "%.6g");
  }
  return text;
}

// Columns padded to their widest cell, separated by two spaces.
void print_aligned(std::ostream& out, const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths;
  for (const auto& row : rows) {
    widths.resize(std::max(widths.size(), row.size()), 0);
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  for (const auto& row : rows) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - row[i].size() + 2, ' ');
    }
    out << line << "\n";
  }
}

// An existing store for reading. A missing explicit --store is an error
// (probably a typo); a missing default store just has no records yet.
std::unique_ptr<GroundTruthStore> open_existing_store(const GroundTruthOptions& options) {
  const std::filesystem::path path = options.store.empty() ? GroundTruthStore::default_path() : std::filesystem::path(options.store);
  if (!std::filesystem::exists(path)) {
    if (!options.store.empty()) throw UserError("No ground-truth store at " + path.string() + " (--store).");
    std::cout << "No ground-truth records yet (default store " << path.string() << " does not exist).\n";
    return nullptr;
  }
  return std::make_unique<GroundTruthStore>(path);
}

void run_list(const GroundTruthOptions& options) {
  const auto store = open_existing_store(options);
  if (!store) return;
  const auto records = store->list(options.space);
  if (records.empty()) {
    std::cout << "No ground-truth records" << (options.space.empty() ? "" : " for space `" + options.space + "`")
              << " in " << store->file().string() << ".\n";
    return;
  }
  std::vector<std::vector<std::string>> rows = {
      {"space", "arch", "seed", "fingerprint", "metrics", "wall s", "version", "created"}};
  for (const auto& record : records) {
    rows.push_back({record.key.space, record.arch, std::to_string(record.key.seed),
                    record.key.fingerprint.substr(0, 12), metrics_text(record.metrics),
                    format_number(record.wall_seconds, "%.1f"), record.naskernel_version, record.created_utc});
  }
  print_aligned(std::cout, rows);
  std::cout << records.size() << " record" << (records.size() == 1 ? "" : "s") << " in " << store->file().string()
            << "\n";
}

void run_export(const GroundTruthOptions& options) {
  record_file_format(options.file);  // a bad extension fails before the store is touched
  const auto store = open_existing_store(options);
  const std::vector<GroundTruthRecord> records = store ? store->list(options.space) : std::vector<GroundTruthRecord>{};
  write_record_file(options.file, records);
  std::cout << "Exported " << records.size() << " record" << (records.size() == 1 ? "" : "s") << " to "
            << options.file << ".\n";
}

void run_import(const GroundTruthOptions& options) {
  const std::filesystem::path path = options.store.empty() ? GroundTruthStore::default_path() : std::filesystem::path(options.store);
  GroundTruthStore store(path);
  const size_t count = store.import_file(options.file);
  std::cout << "Imported " << count << " record" << (count == 1 ? "" : "s") << " from " << options.file << " into "
            << path.string() << ".\n";
}

// Runs one subcommand, turning any error into "error: ..." and exit code 1.
std::function<void()> guarded(int& exit_code, std::function<void()> body) {
  return [&exit_code, body = std::move(body)] {
    try {
      body();
      exit_code = 0;
    } catch (const std::exception& error) {
      std::cerr << "error: " << error.what() << "\n";
      exit_code = 1;
    }
  };
}

}  // namespace

void register_groundtruth_command(CLI::App& app, int& exit_code) {
  // Shared by the subcommands' callbacks, which live as long as `app`.
  auto options = std::make_shared<GroundTruthOptions>();
  CLI::App* groundtruth = app.add_subcommand(
      "groundtruth", "Inspect and share the ground-truth store (stand-alone results kept across runs)");
  groundtruth->require_subcommand(1);
  const std::string store_help = "Ground-truth store file (default: $NASKERNEL_STORE or ~/.cache/naskernel/groundtruth.sqlite)";

  CLI::App* list = groundtruth->add_subcommand("list", "Print the stored records as a table");
  list->add_option("--store", options->store, store_help);
  list->add_option("--space", options->space, "Only records of this search space");
  list->callback(guarded(exit_code, [options] { run_list(*options); }));

  CLI::App* exporter = groundtruth->add_subcommand("export", "Write the stored records to FILE (.csv or .json)");
  exporter->add_option("file", options->file, "Output file; .csv or .json")->required();
  exporter->add_option("--store", options->store, store_help);
  exporter->add_option("--space", options->space, "Only records of this search space");
  exporter->callback(guarded(exit_code, [options] { run_export(*options); }));

  CLI::App* importer = groundtruth->add_subcommand("import", "Add the records of FILE (.csv or .json) to the store");
  importer->add_option("file", options->file, "Input file; .csv or .json")->required();
  importer->add_option("--store", options->store, store_help);
  importer->callback(guarded(exit_code, [options] { run_import(*options); }));
}

}  // namespace naskernel
