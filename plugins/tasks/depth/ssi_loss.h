// The scale-and-shift-invariant losses of Ranftl et al. (MiDaS, TPAMI 2020),
// on disparity, with invalid pixels masked everywhere.
//
// Every loss is a data term plus alpha times the multi-scale
// gradient-matching term, both on the aligned (or normalised) prediction:
//
//   ssi_mse      p~ = s p + t by least squares (scale_shift_alignment.h);
//                data = sum_j m_j (p~_j - d_j)^2 / (2 M)
//   ssi_trimmed  p~ = (p - median(p)) / mean|p - median(p)|, the same for d;
//                data = sum of the lowest (1 - trim) M residuals |p~ - d~| / (2 M)
//   l1_aligned   p~ as for ssi_mse; data = sum_j m_j |p~_j - d_j| / M
//
//   gradient = sum over scales k = 0..K-1 of the masked L1 norm of the
//              x and y differences of R = p~ - d (or p~ - d~) on the image
//              subsampled by 2^k, divided by that scale's valid pixel count.
//
// A difference counts only where both of its pixels are valid. Subsampling
// keeps every 2^k-th row and column, as MiDaS's prediction[:, ::step, ::step].
//
// Reductions (MiDaS's "batch-based", the default of its reference code): a
// term's sums and counts are added over the batch before dividing, so a
// batch's loss is its total error per valid pixel. The metrics use the same
// terms reduced per image (per_image_loss) and then averaged over images.
#pragma once

#include "depth_options.h"

#include <torch/torch.h>

#include <vector>

namespace naskernel::depth {

// Per-image numerators and denominators of each term.
struct LossTerms {
  torch::Tensor data_sum, data_count;                     // [B]
  std::vector<torch::Tensor> gradient_sum, gradient_count;  // one [B] per scale
};

// The gradient-matching sums and counts of residual prediction - target,
// for `scales` scales. prediction, target, mask: [B, H, W].
void add_gradient_matching_terms(const torch::Tensor& prediction, const torch::Tensor& target,
                                 const torch::Tensor& mask, int64_t scales, LossTerms& terms);

// Median / mean-absolute-deviation normalisation over each image's valid
// pixels (the lower median for an even count; the deviation is at least 1e-6).
torch::Tensor normalize_median_deviation(const torch::Tensor& values, const torch::Tensor& mask);

// All terms of the configured loss. prediction, target, mask: [B, H, W].
LossTerms depth_loss_terms(const torch::Tensor& prediction, const torch::Tensor& target, const torch::Tensor& mask,
                           const LossOptions& options);

// data + alpha * gradient, each summed over the batch before dividing (0 without valid pixels).
torch::Tensor batch_based_loss(const LossTerms& terms, double alpha);
// data + alpha * gradient of each image on its own: [B] (0 for an image without valid pixels).
torch::Tensor per_image_loss(const LossTerms& terms, double alpha);

// The training loss: batch_based_loss(depth_loss_terms(...), alpha).
torch::Tensor depth_loss(const torch::Tensor& prediction, const torch::Tensor& target, const torch::Tensor& mask,
                         const LossOptions& options);

// The gradient-matching term alone, batch-based (for tests and diagnostics).
torch::Tensor gradient_matching_loss(const torch::Tensor& prediction, const torch::Tensor& target,
                                     const torch::Tensor& mask, int64_t scales);

}  // namespace naskernel::depth
