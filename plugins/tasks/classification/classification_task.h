// Image classification: the `classification` task plugin.
//
// Splits (drawn by load(seed)):
//   search_valid     `search_valid_fraction` of the training set, held out first
//   search_train     `search_train_fraction` of the rest (the search pool)
//   search_landmark  the remainder of the search pool
//   train            the whole training set ("full", default) or search_train
//                    (`standalone_train`); "full" includes search_valid, as
//                    stand-alone training is scored on the test set
//   test             the test set
// The three search splits never overlap. Images stay in memory as uint8
// [N, C, H, W]; batch() gathers, augments and normalises in a few vectorised
// ops. See classification_options.h for every key.
#pragma once

#include "classification_options.h"

#include <naskernel/config.h>
#include <naskernel/task.h>

#include <array>

namespace naskernel::classification {

class ClassificationTask : public Task {
 public:
  explicit ClassificationTask(const Config& config);
  static std::vector<KeySpec> keys() { return classification_option_keys(); }

  NetworkSpec network() const override;
  void load(uint64_t seed) override;
  int64_t size(Split split) const override;
  Batch batch(Split split, const torch::Tensor& indices, Rng* augment) const override;
  torch::Tensor loss(const torch::Tensor& output, const Batch& batch) const override;
  std::vector<MetricSpec> metrics() const override;
  // Top-1 (and top-5) accuracy in percent over every sample added.
  std::unique_ptr<MetricAccumulator> accumulator() const override;
  std::string fingerprint() const override;
  void check_data() const override;

  // Where a split's samples come from: indices into the training set (or the
  // test set, for Split::test). For tests and diagnostics.
  const torch::Tensor& source_indices(Split split) const;
  const ClassificationOptions& options() const { return options_; }
  // Per-channel affine map from bytes to network input: x * scale + shift.
  const torch::Tensor& input_scale() const { return input_scale_; }
  const torch::Tensor& input_shift() const { return input_shift_; }

 private:
  void require_loaded(const char* call) const;

  ClassificationOptions options_;
  bool data_read_ = false;
  uint64_t split_seed_ = 0;
  bool splits_drawn_ = false;
  torch::Tensor train_images_, train_labels_, test_images_, test_labels_;
  std::array<torch::Tensor, 5> source_indices_;  // by Split
  torch::Tensor input_scale_, input_shift_;      // float [1, C, 1, 1]
};

}  // namespace naskernel::classification
