// Batch-norm recalibration for scoring a path in evaluation mode, as SPOS
// scores its paths: the running statistics of every batch norm are reset,
// re-estimated on a few training batches through that path alone
// (cumulative average), and then used in evaluation mode. The super-net's
// own running statistics, momentum and mode are put back afterwards, so
// scoring never changes what training or a checkpoint sees.
#pragma once

#include "forward_pass.h"

#include <naskernel/config.h>
#include <naskernel/search_space.h>
#include <naskernel/task.h>

#include <optional>
#include <vector>

namespace naskernel {

// Whether any batch norm of `net` keeps running statistics.
bool has_running_batch_norm(torch::nn::Module& net);

// Throws ConfigError unless the super-net keeps running statistics that
// `[evaluation] bn_recalibration_batches` (read from `evaluation`) can re-estimate.
void check_batch_norm_recalibration(SuperNet& net, const Config& evaluation);

class BatchNormRecalibration {
 public:
  // Saves the state it will restore.
  explicit BatchNormRecalibration(SuperNet& net);
  ~BatchNormRecalibration();
  BatchNormRecalibration(const BatchNormRecalibration&) = delete;
  BatchNormRecalibration& operator=(const BatchNormRecalibration&) = delete;

  // Re-estimates the running statistics on `batches` through `path`, then
  // leaves the network in evaluation mode.
  void recalibrate(const Path& path, const std::vector<Batch>& batches, const ForwardPass& forward_pass = {});

 private:
  struct Saved {
    torch::Tensor* running_mean;
    torch::Tensor* running_var;
    torch::Tensor* batches_tracked;
    c10::optional<double>* momentum;
    torch::Tensor mean, var, tracked;
    c10::optional<double> momentum_value;
  };
  SuperNet& net_;
  bool was_training_;
  std::vector<Saved> saved_;
};

}  // namespace naskernel
