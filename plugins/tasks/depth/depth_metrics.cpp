#include "depth_metrics.h"

#include "depth_target.h"
#include "scale_shift_alignment.h"
#include "ssi_loss.h"

#include <limits>
#include <stdexcept>

namespace naskernel::depth {

std::vector<MetricSpec> depth_metric_specs() { return {{"ssi_loss", false}, {"absrel", false}, {"delta1", true}}; }

AlignedDepthErrors aligned_depth_errors(const torch::Tensor& prediction, const torch::Tensor& target,
                                        const torch::Tensor& mask) {
  torch::NoGradGuard no_grad;
  const std::vector<int64_t> pixels{1, 2};
  const torch::Tensor p = prediction.detach().to(torch::kDouble), d = target.to(torch::kDouble),
                      m = mask.to(torch::kDouble);
  const torch::Tensor valid = m > 0.5;
  const torch::Tensor aligned = apply_scale_shift(fit_scale_shift(p, d, m), p);
  // The smallest valid target disparity of each image; invalid pixels read as +inf.
  const torch::Tensor infinity = torch::full_like(d, std::numeric_limits<double>::infinity());
  const torch::Tensor floor = torch::where(valid, d, infinity).amin(pixels);
  const torch::Tensor clamped = torch::max(aligned, floor.view({-1, 1, 1}));
  // Depth ratios in disparity: z / z* = d / p~. Invalid pixels get ratio 1 and are masked anyway.
  const torch::Tensor safe_d = torch::where(valid, d, torch::ones_like(d));
  const torch::Tensor safe_p = torch::where(valid, clamped, torch::ones_like(d));
  const torch::Tensor ratio = safe_d / safe_p;
  const torch::Tensor count = m.sum(pixels).clamp_min(1);
  AlignedDepthErrors errors;
  errors.absrel = (m * (ratio - 1).abs()).sum(pixels) / count;
  const torch::Tensor worst = torch::max(ratio, 1 / ratio);
  errors.delta1 = (m * (worst < 1.25).to(torch::kDouble)).sum(pixels) / count;
  return errors;
}

void DepthMetricAccumulator::add(const torch::Tensor& output, const Batch& batch) {
  torch::NoGradGuard no_grad;
  const DenseTarget parts = split_output_and_target(output.detach(), batch.target);
  const torch::Tensor prediction = parts.prediction.to(torch::kDouble), disparity = parts.disparity.to(torch::kDouble),
                      mask = parts.mask.to(torch::kDouble);
  const torch::Tensor losses = per_image_loss(depth_loss_terms(prediction, disparity, mask, loss_), loss_.alpha);
  const AlignedDepthErrors errors = aligned_depth_errors(prediction, disparity, mask);
  const torch::Tensor has_pixels = (mask.sum(std::vector<int64_t>{1, 2}) > 0).to(torch::kDouble);
  loss_sum_ += (losses * has_pixels).sum().item<double>();
  absrel_sum_ += (errors.absrel * has_pixels).sum().item<double>();
  delta1_sum_ += (errors.delta1 * has_pixels).sum().item<double>();
  images_ += static_cast<int64_t>(has_pixels.sum().item<double>());
}

std::vector<double> DepthMetricAccumulator::values() const {
  if (images_ == 0) throw std::logic_error("depth metrics: values() before any image with a valid pixel was added");
  const auto n = static_cast<double>(images_);
  return {loss_sum_ / n, absrel_sum_ / n, delta1_sum_ / n};
}

}  // namespace naskernel::depth
