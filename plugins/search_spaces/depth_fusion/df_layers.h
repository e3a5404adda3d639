// The decoder's building blocks, shared by the super-net and the
// stand-alone network: cell operations, upsamplings, the projection of an
// encoder feature, the head, and the evaluation of one cell.
#pragma once

#include "df_encoding.h"
#include "df_liveness.h"
#include "df_options.h"
#include "df_plan.h"

#include <torch/torch.h>

#include <functional>
#include <memory>

namespace naskernel::depth_fusion {

// Without affine parameters and running statistics, the SDK's faster
// BatchStatisticsNorm (naskernel/batch_statistics_norm.h).
torch::nn::AnyModule make_batch_norm(int64_t channels, const BatchNormOptions& options);

// ReLU -> Conv(k, padding (k-1)/2, no bias) -> BN, as NB201's conv edges.
class ReLUConvBNImpl : public torch::nn::Module {
 public:
  ReLUConvBNImpl(int64_t channels, int64_t kernel, const BatchNormOptions& bn);
  torch::Tensor forward(const torch::Tensor& x) { return op_->forward(x); }

 private:
  torch::nn::Sequential op_;
};
TORCH_MODULE(ReLUConvBN);

// The module of a cell operation at `channels` channels; `none` has none.
std::shared_ptr<torch::nn::Module> make_cell_op(int op, int64_t channels, const BatchNormOptions& bn);
torch::Tensor run_cell_op(int op, torch::nn::Module& module, const torch::Tensor& x);

// Resizes to height x width, bilinear or bicubic, align_corners = true as
// MiDaS's Interpolate.
torch::Tensor interpolate(const torch::Tensor& x, int64_t height, int64_t width, bool bicubic = false);

// A x2 upsampling of an F-channel map: bilinear, bicubic, a transposed
// convolution (kernel 4, stride 2, padding 1) or a 3x3 convolution to 4F
// channels followed by a pixel shuffle.
class UpsamplerImpl : public torch::nn::Module {
 public:
  UpsamplerImpl(int kind, int64_t channels);
  torch::Tensor forward(const torch::Tensor& x);
  int kind() const { return kind_; }

 private:
  int kind_;
  torch::nn::ConvTranspose2d transposed_{nullptr};
  torch::nn::Conv2d expand_{nullptr};
};
TORCH_MODULE(Upsampler);

// The 3x3 convolution (no bias) that brings an encoder feature to F
// channels, as MiDaS's scratch layers.
torch::nn::Conv2d make_projection(int64_t in_channels, int64_t features);

// MiDaS's output head: Conv3x3 F -> F/2, upsampling to the input size
// (when block 4 ends below it), Conv3x3 -> 32, ReLU, Conv1x1 -> outputs,
// then softplus or ReLU so that disparity is non-negative.
class DepthHeadImpl : public torch::nn::Module {
 public:
  DepthHeadImpl(const NetworkPlan& plan, OutputActivation activation);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  int64_t upsampling_;
  OutputActivation activation_;
  torch::nn::Conv2d reduce_{nullptr};
  torch::nn::Conv2d hidden_{nullptr};
  torch::nn::Conv2d out_{nullptr};
};
TORCH_MODULE(DepthHead);

// Evaluates one cell on its two inputs: node j sums edge_output over the
// live edges into it. Dead edges are not run. Returns an undefined tensor
// when nothing reaches the output (an invalid cell).
torch::Tensor run_cell(const CellShape& shape, const CellLiveness& live, const torch::Tensor& previous,
                       const torch::Tensor& encoder,
                       const std::function<torch::Tensor(int edge, const torch::Tensor& node)>& edge_output);

// Throws UserError unless x is [batch, channels, H, W] with H and W
// multiples of plan.size_multiple().
void check_input(const torch::Tensor& x, const NetworkPlan& plan);

}  // namespace naskernel::depth_fusion
