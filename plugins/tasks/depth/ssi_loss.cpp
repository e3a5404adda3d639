#include "ssi_loss.h"

#include "scale_shift_alignment.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace naskernel::depth {
namespace {

const std::vector<int64_t> kPixels{1, 2};

void check_shapes(const torch::Tensor& prediction, const torch::Tensor& target, const torch::Tensor& mask) {
  if (prediction.dim() != 3 || target.sizes() != prediction.sizes() || mask.sizes() != prediction.sizes())
    throw std::invalid_argument("depth loss expects prediction, target and mask of one shape [batch, height, width], got " +
                                c10::str(prediction.sizes()) + ", " + c10::str(target.sizes()) + " and " +
                                c10::str(mask.sizes()));
}

// Sums divided by counts; a zero count has a zero sum, so clamping it to 1 gives 0.
torch::Tensor ratio(const torch::Tensor& sum, const torch::Tensor& count) { return sum / count.clamp_min(1); }

// The sum of each image's smallest (1 - trim) share of |residual| over valid pixels.
torch::Tensor trimmed_sums(const torch::Tensor& residual, const torch::Tensor& mask, double trim) {
  std::vector<torch::Tensor> sums;
  for (int64_t b = 0; b < residual.size(0); ++b) {
    const torch::Tensor values = residual[b].abs().masked_select(mask[b] > 0.5);
    const auto keep = static_cast<int64_t>(std::floor(static_cast<double>(values.numel()) * (1.0 - trim) + 1e-9));
    if (keep <= 0) {
      sums.push_back(residual[b].sum() * 0);
      continue;
    }
    sums.push_back(std::get<0>(values.topk(keep, 0, /*largest=*/false, /*sorted=*/false)).sum());
  }
  return torch::stack(sums);
}

}  // namespace

void add_gradient_matching_terms(const torch::Tensor& prediction, const torch::Tensor& target,
                                 const torch::Tensor& mask, int64_t scales, LossTerms& terms) {
  check_shapes(prediction, target, mask);
  for (int64_t k = 0; k < scales; ++k) {
    const int64_t step = int64_t{1} << k;
    auto subsample = [step](const torch::Tensor& x) {
      return x.slice(1, 0, x.size(1), step).slice(2, 0, x.size(2), step);
    };
    const torch::Tensor m = subsample(mask);
    const torch::Tensor residual = m * (subsample(prediction) - subsample(target));
    const int64_t height = m.size(1), width = m.size(2);
    const torch::Tensor grad_x = (residual.narrow(2, 1, width - 1) - residual.narrow(2, 0, width - 1)).abs() *
                                 (m.narrow(2, 1, width - 1) * m.narrow(2, 0, width - 1));
    const torch::Tensor grad_y = (residual.narrow(1, 1, height - 1) - residual.narrow(1, 0, height - 1)).abs() *
                                 (m.narrow(1, 1, height - 1) * m.narrow(1, 0, height - 1));
    terms.gradient_sum.push_back(grad_x.sum(kPixels) + grad_y.sum(kPixels));
    terms.gradient_count.push_back(m.sum(kPixels));
  }
}

torch::Tensor normalize_median_deviation(const torch::Tensor& values, const torch::Tensor& mask) {
  std::vector<torch::Tensor> normalized;
  for (int64_t b = 0; b < values.size(0); ++b) {
    const torch::Tensor valid = values[b].masked_select(mask[b] > 0.5);
    if (valid.numel() == 0) {
      normalized.push_back(values[b] * 0);
      continue;
    }
    const torch::Tensor median = valid.median();
    const torch::Tensor deviation = (valid - median).abs().mean().clamp_min(1e-6);
    normalized.push_back((values[b] - median) / deviation);
  }
  return torch::stack(normalized);
}

LossTerms depth_loss_terms(const torch::Tensor& prediction, const torch::Tensor& target, const torch::Tensor& mask,
                           const LossOptions& options) {
  check_shapes(prediction, target, mask);
  LossTerms terms;
  const torch::Tensor count = mask.sum(kPixels);
  torch::Tensor aligned, reference = target;
  switch (options.kind) {
    case LossKind::ssi_mse: {
      aligned = apply_scale_shift(fit_scale_shift(prediction, target, mask), prediction);
      const torch::Tensor residual = aligned - target;
      terms.data_sum = (mask * residual * residual).sum(kPixels);
      terms.data_count = 2 * count;
      break;
    }
    case LossKind::ssi_trimmed: {
      aligned = normalize_median_deviation(prediction, mask);
      reference = normalize_median_deviation(target, mask);
      terms.data_sum = trimmed_sums(aligned - reference, mask, options.trim);
      terms.data_count = 2 * count;
      break;
    }
    case LossKind::l1_aligned: {
      aligned = apply_scale_shift(fit_scale_shift(prediction, target, mask), prediction);
      terms.data_sum = (mask * (aligned - target).abs()).sum(kPixels);
      terms.data_count = count;
      break;
    }
  }
  if (options.alpha > 0) add_gradient_matching_terms(aligned, reference, mask, options.scales, terms);
  return terms;
}

torch::Tensor batch_based_loss(const LossTerms& terms, double alpha) {
  torch::Tensor total = ratio(terms.data_sum.sum(), terms.data_count.sum());
  for (size_t k = 0; k < terms.gradient_sum.size(); ++k)
    total = total + alpha * ratio(terms.gradient_sum[k].sum(), terms.gradient_count[k].sum());
  return total;
}

torch::Tensor per_image_loss(const LossTerms& terms, double alpha) {
  torch::Tensor total = ratio(terms.data_sum, terms.data_count);
  for (size_t k = 0; k < terms.gradient_sum.size(); ++k)
    total = total + alpha * ratio(terms.gradient_sum[k], terms.gradient_count[k]);
  return total;
}

torch::Tensor depth_loss(const torch::Tensor& prediction, const torch::Tensor& target, const torch::Tensor& mask,
                         const LossOptions& options) {
  return batch_based_loss(depth_loss_terms(prediction, target, mask, options), options.alpha);
}

torch::Tensor gradient_matching_loss(const torch::Tensor& prediction, const torch::Tensor& target,
                                     const torch::Tensor& mask, int64_t scales) {
  LossTerms terms;
  add_gradient_matching_terms(prediction, target, mask, scales, terms);
  torch::Tensor total = torch::zeros({}, prediction.options());
  for (size_t k = 0; k < terms.gradient_sum.size(); ++k)
    total = total + ratio(terms.gradient_sum[k].sum(), terms.gradient_count[k].sum());
  return total;
}

}  // namespace naskernel::depth
