// Where ground truth comes from, as chosen in [ground_truth]:
//   provider = "table": a file of known results keyed by arch string;
//   provider = "train": stand-alone training, results kept in the store and
//                       reused by any later run with the same key.
#pragma once

#include "recipes.h"

#include "../ground_truth/store.h"
#include "../ground_truth/table.h"

#include <naskernel/search_space.h>
#include <naskernel/task.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace naskernel {

class Manifest;

class GroundTruthProvider {
 public:
  // `task` is loaded on first use of stand-alone training (train provider).
  GroundTruthProvider(const Manifest& manifest, const SearchSpace& space, Task& task, torch::Device device,
                      std::filesystem::path work_dir, std::filesystem::path manifest_file);

  const std::string& provider() const { return provider_; }

  // Without training: the table's value or the store's.
  std::optional<double> known(const Arch& arch) const;

  // Ground truth of each arch, training (in workers when configured) and
  // storing what is not known yet.
  std::vector<double> obtain(const std::vector<Arch>& archs);

  // 1-based rank of `value` among all architectures of the space, where the
  // ground truth covers the whole space (a complete table); else nullopt.
  std::optional<int64_t> rank_in_space(double value) const;

  double training_seconds() const { return training_seconds_; }
  int trained() const { return trained_; }

 private:
  GroundTruthKey key_of(const Arch& arch) const;

  const SearchSpace& space_;
  Task& task_;
  torch::Device device_;
  std::filesystem::path work_dir_;
  std::filesystem::path manifest_file_;
  std::string provider_;
  bool higher_is_better_;
  std::unique_ptr<GroundTruthTable> table_;
  std::unique_ptr<GroundTruthStore> store_;
  StandaloneRecipe recipe_;
  std::string fingerprint_;
  double training_seconds_ = 0;
  int trained_ = 0;
};

}  // namespace naskernel
