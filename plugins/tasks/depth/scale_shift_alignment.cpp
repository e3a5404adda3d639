#include "scale_shift_alignment.h"

namespace naskernel::depth {

ScaleShift fit_scale_shift(const torch::Tensor& prediction, const torch::Tensor& target, const torch::Tensor& mask) {
  const std::vector<int64_t> pixels{1, 2};
  const torch::Tensor count = mask.sum(pixels);
  const torch::Tensor safe_count = count.clamp_min(1);
  const torch::Tensor mean_p = (mask * prediction).sum(pixels) / safe_count;
  const torch::Tensor mean_d = (mask * target).sum(pixels) / safe_count;
  const torch::Tensor centred_p = mask * (prediction - mean_p.view({-1, 1, 1}));
  const torch::Tensor centred_d = mask * (target - mean_d.view({-1, 1, 1}));
  const torch::Tensor variance = (centred_p * centred_p).sum(pixels);
  const torch::Tensor covariance = (centred_p * centred_d).sum(pixels);
  // "Constant" relative to the prediction's magnitude: rounding leaves a
  // constant float prediction with a variance of about 1e-12 of its square
  // (and the least-squares fit never does worse than s = 0, so a noise-level
  // variance just above the threshold still gives a bounded loss).
  const double relative = prediction.scalar_type() == torch::kDouble ? 1e-24 : 1e-10;
  const torch::Tensor magnitude = (mask * prediction * prediction).sum(pixels);
  // And in absolute terms: the scale-invariant loss leaves the output's
  // magnitude free, so a softplus head can drift towards 0, where the
  // relative test compares two underflowing numbers while the scale's
  // gradient (1 / variance) overflows. A std below 1e-6 per pixel is constant.
  const double absolute = prediction.scalar_type() == torch::kDouble ? 1e-30 : 1e-12;
  const torch::Tensor constant = (variance <= relative * magnitude) | (variance <= absolute * count) | (count < 2);
  // Dividing by 1 where constant keeps the unused branch finite, so no NaN reaches the gradient.
  const torch::Tensor safe_variance = torch::where(constant, torch::ones_like(variance), variance);
  const torch::Tensor scale = torch::where(constant, torch::zeros_like(variance), covariance / safe_variance);
  return ScaleShift{scale, mean_d - scale * mean_p};
}

torch::Tensor apply_scale_shift(const ScaleShift& fit, const torch::Tensor& prediction) {
  return fit.scale.view({-1, 1, 1}) * prediction + fit.shift.view({-1, 1, 1});
}

}  // namespace naskernel::depth
