// Where ground truth comes from, as chosen in [ground_truth]:
//   provider = "table": a file of known results keyed by arch string;
//   provider = "train": stand-alone training, results kept in the store and
//                       reused by any later run with the same key; with
//                       ground_truth.repeats = n, n trainings per
//                       architecture (seeds standalone.seed + 0 .. n - 1,
//                       or run.seed x n + 0 .. n - 1 with seed = "run"),
//                       each its own record, and their mean is the value.
//
// In a multi-rank run only rank 0 opens the store. The trainings a call
// needs are spread over the ranks (job j on rank j mod W, each in its own
// process), their results gathered, and rank 0 stores them; every rank
// returns the same values.
#pragma once

#include "ground_truth_options.h"
#include "recipes.h"
#include "standalone_training.h"

#include "../ground_truth/store.h"
#include "../ground_truth/table.h"

#include <naskernel/search_space.h>
#include <naskernel/task.h>

#include <nlohmann/json_fwd.hpp>

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace naskernel {

class Manifest;

class GroundTruthProvider {
 public:
  // Reads [ground_truth] with read_ground_truth_options(). With the table
  // provider `task` is only asked for its metrics, so it need not be loaded;
  // with "train" it must be loaded before training unless set_task_loader()
  // is given.
  GroundTruthProvider(const Manifest& manifest, const SearchSpace& space, Task& task, torch::Device device,
                      std::filesystem::path work_dir, std::filesystem::path manifest_file);
  GroundTruthProvider(GroundTruthOptions options, const Manifest& manifest, const SearchSpace& space, Task& task,
                      torch::Device device, std::filesystem::path work_dir, std::filesystem::path manifest_file);

  const std::string& provider() const { return options_.provider_name(); }
  const GroundTruthOptions& options() const { return options_; }
  // What the values are: the table's column, or the task's primary metric.
  const std::string& metric() const { return options_.metric; }
  bool higher_is_better() const { return options_.higher_is_better; }

  // Called once, before the first stand-alone training in this process, by
  // callers that load the task's data only when it is needed (a lookup in
  // the store or training in worker processes needs none).
  void set_task_loader(std::function<void()> load) { load_task_ = std::move(load); }

  // Stand-alone trainings per architecture (1 with a table).
  int repeats() const { return options_.repeats; }
  // Their recipe seeds: standalone.seed + 0 .. repeats() - 1; with
  // standalone.seed = "run", run.seed x repeats() + 0 .. repeats() - 1, so
  // runs of different seeds share no stand-alone training.
  std::vector<int64_t> repeat_seeds() const;

  // Without training: the table's value, or the mean of the store's records
  // of every repeat seed (nullopt while any is missing). Throws DataError for
  // a stored record without a finite ground truth.
  std::optional<double> known(const Arch& arch) const;
  // known() as rank 0 answers it, on every rank (a collective in a multi-rank
  // run): what Host::known_ground_truth gives plugins.
  std::optional<double> known_on_every_rank(const Arch& arch) const;
  // The same per seed, in repeat_seeds() order (the table's one value).
  std::optional<std::vector<double>> known_repeats(const Arch& arch) const;

  // Ground truth of each arch, training (in workers when configured) and
  // storing every (arch, seed) not known yet; all of one call share one
  // worker pool. Every value is finite: a stand-alone training that ends in
  // NaN or inf throws, whichever repeat it is.
  std::vector<double> obtain(const std::vector<Arch>& archs);

  // With repeats() >= 2, adds to a results.json entry that has an "arch"
  // string its per-seed values, "ground_truth_repeats" (repeat_seeds()
  // order), and their sample standard deviation, "ground_truth_std"
  // (divisor n - 1). Leaves entries alone with repeats() == 1 or while a
  // seed is missing from the store.
  void add_repeats(nlohmann::json& entry) const;

  // 1-based rank of `value` among all architectures of the space, where the
  // ground truth covers the whole space (a complete table); else nullopt.
  std::optional<int64_t> rank_in_space(double value) const;

  double training_seconds() const { return training_seconds_; }
  // Stand-alone trainings stored by this provider (each repeat counts once).
  int trained() const { return trained_; }

 private:
  GroundTruthKey key_of(const Arch& arch, int64_t seed) const;
  // The stored ground truth of one (arch, seed); DataError if not finite.
  std::optional<double> stored_value(const GroundTruthKey& key) const;
  std::optional<double> table_value(const Arch& arch) const;
  struct Job {
    size_t arch;  // index into the architectures of one obtain() call
    int64_t seed;
  };
  // "arch" or "arch (seed N)" for messages.
  std::string job_name(const std::vector<Arch>& archs, const Job& job) const;
  // (arch, seed) pairs not in the store, deduplicated; decided on rank 0.
  std::vector<Job> missing_jobs(const std::vector<Arch>& archs) const;
  std::vector<StandaloneResult> train_jobs(const std::vector<Arch>& archs, const std::vector<Job>& jobs);
  // This rank's share of `jobs`, gathered from every rank in job order.
  std::vector<StandaloneResult> train_jobs_over_ranks(const std::vector<Arch>& archs, const std::vector<Job>& jobs);

  const SearchSpace& space_;
  Task& task_;
  torch::Device device_;
  std::filesystem::path work_dir_;
  std::filesystem::path manifest_file_;
  GroundTruthOptions options_;
  std::function<void()> load_task_;
  std::unique_ptr<GroundTruthTable> table_;
  // Table rows keyed by table_key(parse(row)), built on the first miss.
  mutable std::optional<std::map<std::string, double>> normalized_index_;
  std::unique_ptr<GroundTruthStore> store_;
  StandaloneRecipe recipe_;
  int64_t run_seed_ = 0;  // run.seed, for standalone.seed = "run"
  std::string fingerprint_;
  double training_seconds_ = 0;
  int trained_ = 0;
};

}  // namespace naskernel
