// DARTS's operations (operations.py) as LibTorch modules. Module and
// parameter names follow DARTS's PyTorch code (op.1.weight, conv_1, conv_2,
// bn) so state dicts line up with it.
#pragma once

#include "darts_ops.h"

#include <torch/torch.h>

#include <memory>

namespace naskernel::darts {

struct BatchNormOptions {
  bool affine = true;
  bool track_running_stats = true;
};

// Without affine parameters and running statistics, the SDK's faster
// BatchStatisticsNorm (naskernel/batch_statistics_norm.h).
torch::nn::AnyModule make_batch_norm(int64_t channels, const BatchNormOptions& options);

// Every candidate operation: a module with a single-input forward.
class OpModule : public torch::nn::Module {
 public:
  virtual torch::Tensor forward(const torch::Tensor& x) = 0;
};

// ReLU -> Conv(k, stride, padding, no bias) -> BN.
class ReLUConvBN : public OpModule {
 public:
  ReLUConvBN(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding, const BatchNormOptions& bn);
  torch::Tensor forward(const torch::Tensor& x) override { return op_->forward(x); }

 private:
  torch::nn::Sequential op_{nullptr};
};

// ReLU, then two 1x1 stride-2 convs to out/2 channels each, of x and of x
// shifted by one pixel, concatenated, then BN: halves the size losslessly.
class FactorizedReduce : public OpModule {
 public:
  FactorizedReduce(int64_t in, int64_t out, const BatchNormOptions& bn);
  torch::Tensor forward(const torch::Tensor& x) override;

 private:
  torch::nn::Conv2d conv_1_{nullptr};
  torch::nn::Conv2d conv_2_{nullptr};
  torch::nn::AnyModule bn_;
};

// Twice (ReLU -> depthwise k x k -> pointwise 1x1 -> BN); only the first
// depthwise conv has the stride.
class SepConv : public OpModule {
 public:
  SepConv(int64_t channels, int64_t kernel, int64_t stride, const BatchNormOptions& bn);
  torch::Tensor forward(const torch::Tensor& x) override { return op_->forward(x); }

 private:
  torch::nn::Sequential op_{nullptr};
};

// ReLU -> depthwise k x k with dilation 2 -> pointwise 1x1 -> BN.
class DilConv : public OpModule {
 public:
  DilConv(int64_t channels, int64_t kernel, int64_t stride, const BatchNormOptions& bn);
  torch::Tensor forward(const torch::Tensor& x) override { return op_->forward(x); }

 private:
  torch::nn::Sequential op_{nullptr};
};

// 3x3 max or average pooling (padding 1; the average excludes padding). The
// super-net follows it with a non-affine BN, as DARTS's MixedOp does.
class Pool : public OpModule {
 public:
  Pool(bool max, int64_t stride, int64_t bn_channels = 0, const BatchNormOptions& bn = {});
  torch::Tensor forward(const torch::Tensor& x) override;

 private:
  bool max_;
  int64_t stride_;
  torch::nn::AnyModule bn_;
};

class Identity : public OpModule {
 public:
  torch::Tensor forward(const torch::Tensor& x) override { return x; }
};

// Builds architecture op `op` (darts_ops.h) at `channels` channels. A
// stride-2 skip_connect is a FactorizedReduce; with `pool_bn`, pools are
// followed by BN (the super-net's MixedOp).
std::shared_ptr<OpModule> make_op(int op, int64_t channels, int64_t stride, const BatchNormOptions& bn,
                                  bool pool_bn);

// DARTS's drop path: zeroes whole samples with probability p and scales the
// others by 1 / (1 - p). Uses LibTorch's global generator.
torch::Tensor drop_path(const torch::Tensor& x, double probability);

}  // namespace naskernel::darts
