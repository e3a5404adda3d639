// Batch normalization by the batch's own statistics, without affine
// parameters or running averages: what a torch::nn::BatchNorm2d with
// affine(false) and track_running_stats(false) computes in both training and
// evaluation mode, and what weight-sharing super-nets use by default
// (statistics depend on the sampled path, so running averages would mix
// paths).
//
// For float maps on the CPU it runs the few-pass loops of
// naskernel/batch_statistics_kernel.h forward and backward; anything else
// calls torch::batch_norm. Results match LibTorch's up to float rounding
// (the sums are ordered differently and partly in double, so they are
// closer to the exact values), and do not depend on the thread count.
//
// Header-only, like the rest of the SDK.
#pragma once

#include <naskernel/batch_statistics_kernel.h>

#include <torch/torch.h>

#include <cmath>
#include <stdexcept>
#include <string>

namespace naskernel {
namespace batch_norm_detail {

// mean = shift + offset, shift each channel's first value: x - shift is
// exact for values near the mean, so centring loses nothing to the rounding
// of a large mean.
struct Statistics {
  torch::Tensor shift, offset, inverse_std;  // [channels] floats
};

inline Statistics batch_statistics(const ChannelLayout& layout, const torch::Tensor& x, double eps) {
  const int64_t c = layout.channels;
  const double count = static_cast<double>(layout.images * layout.plane);
  const float* data = x.data_ptr<float>();
  Statistics stats{torch::empty({c}, x.options()), torch::empty({c}, x.options()), torch::empty({c}, x.options())};
  float* shift = stats.shift.data_ptr<float>();
  for (int64_t k = 0; k < c; ++k) shift[k] = data[layout.channels_last ? k : k * layout.plane];  // image 0, position 0
  const std::vector<double> sums = channel_sums(
      layout, data, data, [shift](float u, float, int64_t k) { return u - shift[k]; },
      [shift](float u, float, int64_t k) { return (u - shift[k]) * (u - shift[k]); });
  float* offset = stats.offset.data_ptr<float>();
  float* inverse_std = stats.inverse_std.data_ptr<float>();
  for (int64_t k = 0; k < c; ++k) {
    const double shifted_mean = sums[k] / count;
    const double variance = std::max(sums[c + k] / count - shifted_mean * shifted_mean, 0.0);  // biased, as BN
    offset[k] = static_cast<float>(shifted_mean);
    inverse_std[k] = static_cast<float>(1.0 / std::sqrt(variance + eps));
  }
  return stats;
}

inline torch::Tensor normalize(const ChannelLayout& layout, const torch::Tensor& x, const Statistics& stats) {
  torch::Tensor y = torch::empty_like(x);
  const float* shift = stats.shift.data_ptr<float>();
  const float* offset = stats.offset.data_ptr<float>();
  const float* inverse_std = stats.inverse_std.data_ptr<float>();
  const float* data = x.data_ptr<float>();
  channel_map(layout, data, data, y.data_ptr<float>(),
              [=](float u, float, int64_t k) { return ((u - shift[k]) - offset[k]) * inverse_std[k]; });
  return y;
}

// With y = (x - mean) * s over m values per channel, the gradient of the
// input is s * (dy - mean(dy) - (x - mean) * s^2 * mean(dy * (x - mean))).
inline torch::Tensor input_gradient(const ChannelLayout& layout, const torch::Tensor& x, const torch::Tensor& dy,
                                    const Statistics& stats) {
  const int64_t c = layout.channels;
  const double count = static_cast<double>(layout.images * layout.plane);
  const float* shift = stats.shift.data_ptr<float>();
  const float* offset = stats.offset.data_ptr<float>();
  const float* inverse_std = stats.inverse_std.data_ptr<float>();
  const float* xs = x.data_ptr<float>();
  const float* gs = dy.data_ptr<float>();
  const std::vector<double> sums = channel_sums(
      layout, xs, gs, [](float, float g, int64_t) { return g; },
      [=](float u, float g, int64_t k) { return g * ((u - shift[k]) - offset[k]); });
  std::vector<float> mean_gradient(c), projection(c);
  for (int64_t k = 0; k < c; ++k) {
    mean_gradient[k] = static_cast<float>(sums[k] / count);
    projection[k] = static_cast<float>(sums[c + k] / count * inverse_std[k] * inverse_std[k]);
  }
  const float* a = mean_gradient.data();
  const float* b = projection.data();
  torch::Tensor dx = torch::empty_like(x);
  channel_map(layout, xs, gs, dx.data_ptr<float>(), [=](float u, float g, int64_t k) {
    return (g - a[k] - ((u - shift[k]) - offset[k]) * b[k]) * inverse_std[k];
  });
  return dx;
}

struct BatchStatisticsNormFunction : torch::autograd::Function<BatchStatisticsNormFunction> {
  static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x, double eps) {
    const ChannelLayout layout = *channel_layout(x);
    Statistics stats = batch_statistics(layout, x, eps);
    torch::Tensor y = normalize(layout, x, stats);
    ctx->save_for_backward({x, stats.shift, stats.offset, stats.inverse_std});
    return y;
  }
  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::variable_list grads) {
    // The engine enables gradients here only for create_graph; these loops
    // record no graph, so a second derivative would silently be missing.
    if (torch::GradMode::is_enabled())
      throw std::logic_error("batch_statistics_norm has no second derivative (create_graph); use torch::batch_norm");
    const auto saved = ctx->get_saved_variables();
    const torch::Tensor& x = saved[0];
    const ChannelLayout layout = *channel_layout(x);
    const torch::Tensor dy = grads[0].contiguous(layout.channels_last ? torch::MemoryFormat::ChannelsLast
                                                                      : torch::MemoryFormat::Contiguous);
    return {input_gradient(layout, x, dy, Statistics{saved[1], saved[2], saved[3]}), torch::Tensor()};
  }
};

}  // namespace batch_norm_detail

// (x - mean) / sqrt(var + eps) per channel of an N x C x H x W map, mean and
// (biased) variance over the batch and both spatial dimensions; the output
// keeps the input's layout. Differentiable once (no create_graph).
inline torch::Tensor batch_statistics_norm(const torch::Tensor& x, double eps = 1e-5) {
  if (x.dim() != 4) throw std::invalid_argument("batch_statistics_norm needs an N x C x H x W map, got " + c10::str(x.sizes()));
  const auto layout = batch_norm_detail::channel_layout(x);
  // One value per channel has no variance (torch::nn::BatchNorm2d refuses it too).
  if (x.size(0) * x.size(2) * x.size(3) < 2)
    throw std::invalid_argument("batch_statistics_norm needs more than one value per channel, got a map of shape " +
                                c10::str(x.sizes()));
  if (!layout) return torch::batch_norm(x, {}, {}, {}, {}, /*training=*/true, 0.0, eps, /*cudnn_enabled=*/true);
  if (!(torch::GradMode::is_enabled() && x.requires_grad())) {
    const batch_norm_detail::Statistics stats = batch_norm_detail::batch_statistics(*layout, x, eps);
    return batch_norm_detail::normalize(*layout, x, stats);
  }
  return batch_norm_detail::BatchStatisticsNormFunction::apply(x, eps);
}

// The module form, a drop-in for torch::nn::BatchNorm2d(
// BatchNorm2dOptions(channels).affine(false).track_running_stats(false)):
// no parameters, no buffers, so a state dict does not change either way.
class BatchStatisticsNormImpl : public torch::nn::Cloneable<BatchStatisticsNormImpl> {
 public:
  explicit BatchStatisticsNormImpl(int64_t channels, double eps = 1e-5) : channels_(channels), eps_(eps) {}
  void reset() override {}
  torch::Tensor forward(const torch::Tensor& x) {
    if (x.dim() != 4 || x.size(1) != channels_)
      throw std::invalid_argument("BatchStatisticsNorm(" + std::to_string(channels_) + ") got a map of shape " +
                                  c10::str(x.sizes()));
    return batch_statistics_norm(x, eps_);
  }
  void pretty_print(std::ostream& stream) const override {
    stream << "naskernel::BatchStatisticsNorm(" << channels_ << ", eps=" << eps_ << ")";
  }

 private:
  int64_t channels_;
  double eps_;
};
TORCH_MODULE(BatchStatisticsNorm);

// A batch norm over the channels of N x C x H x W maps, as a module any
// torch::nn::Sequential takes: BatchStatisticsNorm without affine parameters
// and running statistics (what torch::nn::BatchNorm2d computes then, faster),
// torch::nn::BatchNorm2d otherwise.
inline torch::nn::AnyModule make_batch_norm_2d(int64_t channels, bool affine, bool track_running_stats) {
  if (!affine && !track_running_stats) return torch::nn::AnyModule(BatchStatisticsNorm(channels));
  return torch::nn::AnyModule(torch::nn::BatchNorm2d(
      torch::nn::BatchNorm2dOptions(channels).affine(affine).track_running_stats(track_running_stats)));
}

}  // namespace naskernel
