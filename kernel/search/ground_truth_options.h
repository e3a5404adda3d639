// [ground_truth], read in one place for `run`, `train`, `validate` and the
// benchmarks: the provider, the table and its metric, the store.
#pragma once

#include <naskernel/task.h>

#include <filesystem>
#include <string>
#include <vector>

namespace naskernel {

class Manifest;

struct GroundTruthOptions {
  enum class Provider { train, table };
  Provider provider = Provider::train;
  // provider = "table": the results file (an existing file), a relative
  // path resolved against the folder of the manifest file that set it.
  std::filesystem::path table;
  // The metric ground truth is measured in: the table's column (default:
  // the task's primary metric); for "train" the task's primary metric,
  // which is what stand-alone training measures.
  std::string metric;
  // Direction of `metric`: that of the task metric of the same name, else
  // that of the primary metric (a table column such as "test_accuracy" is
  // taken to rank like the task's "top1").
  bool higher_is_better = true;
  // provider = "train": ground_truth.store as written (relative to the
  // working folder), else GroundTruthStore::default_location().
  std::filesystem::path store;
  // provider = "train": stand-alone trainings per architecture, with recipe
  // seeds standalone.seed + 0 .. repeats - 1; the ground truth is their
  // mean. Each seed is its own record in the store. A table holds one value
  // per architecture, so provider = "table" requires 1.
  int repeats = 1;

  // "train" or "table", as written in manifests.
  const std::string& provider_name() const;
};

// Reads and checks [ground_truth]: known keys and their types, the provider
// (with a suggestion for a misspelt one), that a table is named and exists,
// that "train" is not asked for another metric than it measures, that
// repeats is a positive integer (and 1 with a table). Errors are
// ConfigError naming file:line:col. Reads no file.
GroundTruthOptions read_ground_truth_options(const Manifest& manifest, const std::vector<MetricSpec>& task_metrics);

// What a run refuses when it first touches the ground truth, checked without
// loading data or training, and creating nothing: the table loads (it has
// the metric column, every value is a finite number, no arch twice); an
// existing store opens with this build's schema.
void check_ground_truth_sources(const GroundTruthOptions& options);

}  // namespace naskernel
