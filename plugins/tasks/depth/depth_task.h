// Monocular depth estimation: the `depth` task plugin.
//
// Splits (drawn by load(seed), as the classification task draws them):
//   search_valid     `search_valid_fraction` of the training set, held out first
//   search_train     `search_train_fraction` of the rest (the search pool)
//   search_landmark  the remainder of the search pool
//   train            the whole training set ("full", default) or search_train
//   test             the test set
// The three search splits never overlap. Batches: input float [B, 3, H, W]
// (normalised RGB), target float [B, 2, H, W] (disparity, validity mask; see
// depth_target.h). The network outputs one dense channel, read as disparity
// up to scale and shift. See depth_options.h and README.md for every key.
#pragma once

#include "depth_options.h"

#include <naskernel/config.h>
#include <naskernel/plugin.h>
#include <naskernel/task.h>

#include <array>

namespace naskernel::depth {

class DepthTask : public Task {
 public:
  explicit DepthTask(const Config& config);
  static std::vector<KeySpec> keys();

  NetworkSpec network() const override;
  void load(uint64_t seed) override;
  int64_t size(Split split) const override;
  Batch batch(Split split, const torch::Tensor& indices, Rng* augment) const override;
  torch::Tensor loss(const torch::Tensor& output, const Batch& batch) const override;
  std::vector<MetricSpec> metrics() const override;
  std::unique_ptr<MetricAccumulator> accumulator() const override;
  std::string fingerprint() const override;
  void check_data() const override;

  // Where a split's samples come from: indices into the training set (or the
  // test set, for Split::test). For tests and diagnostics.
  const torch::Tensor& source_indices(Split split) const;
  const DepthOptions& options() const { return options_; }

 private:
  void require_loaded(const char* call) const;

  DepthOptions options_;
  bool data_read_ = false;
  uint64_t split_seed_ = 0;
  bool splits_drawn_ = false;
  torch::Tensor train_images_, train_targets_, test_images_, test_targets_;  // uint8 [N,3,H,W], float [N,2,H,W]
  std::array<torch::Tensor, 5> source_indices_;                            // by Split
  torch::Tensor input_scale_, input_shift_;                                // float [1, 3, 1, 1]
};

}  // namespace naskernel::depth
