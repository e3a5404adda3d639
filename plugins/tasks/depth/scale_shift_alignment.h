// Per-image least-squares alignment of a prediction to a target in scale and
// shift (Ranftl et al., MiDaS, TPAMI 2020, eq. 4):
//
//   (s, t) = argmin  sum_j m_j (s p_j + t - d_j)^2
//
// over the valid pixels (m_j = 1). The 2x2 normal equations have the closed
// form s = cov(p, d) / var(p), t = mean(d) - s mean(p) over valid pixels;
// this is the same solution as MiDaS's Cramer's rule, written with centred
// sums, which keeps float32 accurate. When the prediction is constant over
// the valid pixels (var(p) = 0, or fewer than 2 valid pixels) every s fits
// equally well; we take s = 0, t = mean(d), the least-squares fit (MiDaS
// returns s = t = 0 there, which is not a fit). The alignment stays in the
// autograd graph, as in MiDaS, so the loss's gradient includes it.
#pragma once

#include <torch/torch.h>

namespace naskernel::depth {

struct ScaleShift {
  torch::Tensor scale;  // [B]
  torch::Tensor shift;  // [B]
};

// prediction, target, mask: [B, H, W]; mask is 1 (valid) or 0.
ScaleShift fit_scale_shift(const torch::Tensor& prediction, const torch::Tensor& target, const torch::Tensor& mask);

// scale * prediction + shift, per image.
torch::Tensor apply_scale_shift(const ScaleShift& fit, const torch::Tensor& prediction);

}  // namespace naskernel::depth
