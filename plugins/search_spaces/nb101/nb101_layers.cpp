#include "nb101_layers.h"

#include <naskernel/errors.h>

#include <cmath>

namespace naskernel::nb101 {

namespace nn = torch::nn;

nn::BatchNorm2d make_batch_norm(int64_t channels, const BatchNormOptions& options) {
  return nn::BatchNorm2d(nn::BatchNorm2dOptions(channels)
                             .affine(options.affine)
                             .track_running_stats(options.track_running_stats)
                             .momentum(options.momentum)
                             .eps(options.eps));
}

ConvBnReluImpl::ConvBnReluImpl(int64_t in_channels, int64_t out_channels, int64_t kernel, const BatchNormOptions& bn) {
  conv_ = register_module(
      "conv", nn::Conv2d(nn::Conv2dOptions(in_channels, out_channels, kernel).padding((kernel - 1) / 2).bias(false)));
  bn_ = register_module("bn", make_batch_norm(out_channels, bn));
  init_variance_scaling(conv_->weight);
}

torch::Tensor ConvBnReluImpl::forward(const torch::Tensor& x) { return torch::relu(bn_->forward(conv_->forward(x))); }

void init_variance_scaling(torch::Tensor& kernel) {
  torch::NoGradGuard no_grad;
  const double fan_in = static_cast<double>(kernel.size(1) * kernel.size(2) * kernel.size(3));
  // 0.8796... is the standard deviation of a unit normal truncated to [-2, 2].
  const double stddev = std::sqrt(1.0 / fan_in) / 0.87962566103423978;
  // Inverse-CDF sampling of the truncated normal.
  const double low = 0.5 * (1 + std::erf(-2 / std::sqrt(2.0)));
  const double high = 0.5 * (1 + std::erf(2 / std::sqrt(2.0)));
  kernel.uniform_(2 * low - 1, 2 * high - 1).erfinv_().mul_(stddev * std::sqrt(2.0)).clamp_(-2 * stddev, 2 * stddev);
}

void init_dense(nn::Linear& linear) {
  torch::NoGradGuard no_grad;
  const double limit = std::sqrt(6.0 / static_cast<double>(linear->weight.size(0) + linear->weight.size(1)));
  linear->weight.uniform_(-limit, limit);
  linear->bias.zero_();
}

torch::Tensor max_pool3x3(const torch::Tensor& x) { return torch::max_pool2d(x, {3, 3}, {1, 1}, {1, 1}); }

torch::Tensor downsample(const torch::Tensor& x) {
  return torch::max_pool2d(x, {2, 2}, {2, 2}, {0, 0}, {1, 1}, /*ceil_mode=*/true);
}

torch::Tensor global_average_pool(const torch::Tensor& x) { return x.mean({2, 3}); }

void check_input(const torch::Tensor& x, const Layout& layout) {
  if (x.dim() != 4 || x.size(1) != layout.input_channels || x.size(2) < 1 || x.size(3) < 1)
    throw UserError("nb101 expects input of shape [batch, " + std::to_string(layout.input_channels) +
                    ", height, width], got " + c10::str(x.sizes()));
}

}  // namespace naskernel::nb101
