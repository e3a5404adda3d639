// The depth task's metrics and their accumulator.
//
//   ssi_loss  the configured loss (ssi_loss.h) of each image on its own
//             (lower is better; the primary metric, as the paper ranks by
//             validation loss)
//   absrel    mean over valid pixels of |z - z*| / z* (lower is better)
//   delta1    share of valid pixels with max(z / z*, z* / z) < 1.25, in
//             [0, 1] (higher is better)
//
// For absrel and delta1 the prediction is aligned to the target disparity by
// least squares in scale and shift (as MiDaS evaluates), clamped from below
// at the image's smallest valid target disparity (so predicted depth never
// exceeds the farthest true depth; MiDaS caps at a data-set depth instead),
// and inverted to depth z; z* = 1 / target disparity.
//
// Aggregation: each metric is computed per image, and the accumulator
// reports the mean over images, so that every image counts once whatever
// its valid pixel count or the batch it came in. Images without a valid
// pixel are skipped (readers never produce them).
#pragma once

#include "depth_options.h"

#include <naskernel/task.h>

#include <torch/torch.h>

#include <memory>
#include <vector>

namespace naskernel::depth {

std::vector<MetricSpec> depth_metric_specs();

struct AlignedDepthErrors {
  torch::Tensor absrel;  // [B], double
  torch::Tensor delta1;  // [B], double
};

// prediction, target disparity, mask: [B, H, W].
AlignedDepthErrors aligned_depth_errors(const torch::Tensor& prediction, const torch::Tensor& target,
                                        const torch::Tensor& mask);

class DepthMetricAccumulator : public MetricAccumulator {
 public:
  explicit DepthMetricAccumulator(LossOptions loss) : loss_(loss) {}
  // output [B, 1, H, W]; batch.target [B, 2, H, W] (disparity, mask).
  void add(const torch::Tensor& output, const Batch& batch) override;
  std::vector<double> values() const override;
  int64_t images() const { return images_; }

 private:
  LossOptions loss_;
  double loss_sum_ = 0, absrel_sum_ = 0, delta1_sum_ = 0;
  int64_t images_ = 0;
};

}  // namespace naskernel::depth
