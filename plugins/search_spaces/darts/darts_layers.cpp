#include "darts_layers.h"

#include <naskernel/batch_statistics_norm.h>
#include <naskernel/pooling.h>

#include <stdexcept>
#include <string>

namespace naskernel::darts {

namespace nn = torch::nn;

nn::AnyModule make_batch_norm(int64_t channels, const BatchNormOptions& options) {
  return make_batch_norm_2d(channels, options.affine, options.track_running_stats);
}

namespace {

nn::Conv2d conv(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding, int64_t dilation = 1,
                int64_t groups = 1) {
  return nn::Conv2d(nn::Conv2dOptions(in, out, kernel)
                        .stride(stride)
                        .padding(padding)
                        .dilation(dilation)
                        .groups(groups)
                        .bias(false));
}

}  // namespace

ReLUConvBN::ReLUConvBN(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding,
                       const BatchNormOptions& bn) {
  op_ = register_module("op", nn::Sequential(nn::ReLU(), conv(in, out, kernel, stride, padding),
                                             make_batch_norm(out, bn)));
}

FactorizedReduce::FactorizedReduce(int64_t in, int64_t out, const BatchNormOptions& bn) {
  if (out % 2 != 0)
    throw std::invalid_argument("FactorizedReduce needs an even number of output channels, got " +
                                std::to_string(out));
  conv_1_ = register_module("conv_1", conv(in, out / 2, 1, 2, 0));
  conv_2_ = register_module("conv_2", conv(in, out / 2, 1, 2, 0));
  bn_ = make_batch_norm(out, bn);
  register_module("bn", bn_.ptr());
}

torch::Tensor FactorizedReduce::forward(const torch::Tensor& x) {
  using torch::indexing::Slice;
  const torch::Tensor y = torch::relu(x);
  const torch::Tensor shifted = y.index({Slice(), Slice(), Slice(1, torch::indexing::None), Slice(1, torch::indexing::None)});
  return bn_.forward(torch::cat({conv_1_->forward(y), conv_2_->forward(shifted)}, 1));
}

SepConv::SepConv(int64_t c, int64_t kernel, int64_t stride, const BatchNormOptions& bn) {
  const int64_t padding = (kernel - 1) / 2;
  op_ = register_module("op", nn::Sequential(nn::ReLU(), conv(c, c, kernel, stride, padding, 1, c), conv(c, c, 1, 1, 0),
                                             make_batch_norm(c, bn), nn::ReLU(), conv(c, c, kernel, 1, padding, 1, c),
                                             conv(c, c, 1, 1, 0), make_batch_norm(c, bn)));
}

DilConv::DilConv(int64_t c, int64_t kernel, int64_t stride, const BatchNormOptions& bn) {
  const int64_t padding = kernel - 1;  // dilation 2: (k - 1) / 2 * 2
  op_ = register_module("op", nn::Sequential(nn::ReLU(), conv(c, c, kernel, stride, padding, 2, c), conv(c, c, 1, 1, 0),
                                             make_batch_norm(c, bn)));
}

Pool::Pool(bool max, int64_t stride, int64_t bn_channels, const BatchNormOptions& bn) : max_(max), stride_(stride) {
  if (bn_channels > 0) {
    bn_ = make_batch_norm(bn_channels, bn);
    register_module("bn", bn_.ptr());
  }
}

torch::Tensor Pool::forward(const torch::Tensor& x) {
  torch::Tensor y;
  if (max_)
    y = torch::max_pool2d(x, {3, 3}, {stride_, stride_}, {1, 1});
  else if (stride_ == 1)
    y = average_pool_3x3(x);  // the same function, several times faster on CPU (naskernel/pooling.h)
  else
    y = torch::avg_pool2d(x, {3, 3}, {stride_, stride_}, {1, 1}, /*ceil_mode=*/false, /*count_include_pad=*/false);
  return bn_.is_empty() ? y : bn_.forward(y);
}

std::shared_ptr<OpModule> make_op(int op, int64_t channels, int64_t stride, const BatchNormOptions& bn,
                                  bool pool_bn) {
  const int64_t bn_channels = pool_bn ? channels : 0;
  switch (op) {
    case kMaxPool3x3: return std::make_shared<Pool>(true, stride, bn_channels, bn);
    case kAvgPool3x3: return std::make_shared<Pool>(false, stride, bn_channels, bn);
    case kSkipConnect:
      if (stride == 1) return std::make_shared<Identity>();
      return std::make_shared<FactorizedReduce>(channels, channels, bn);
    case kSepConv3x3: return std::make_shared<SepConv>(channels, 3, stride, bn);
    case kSepConv5x5: return std::make_shared<SepConv>(channels, 5, stride, bn);
    case kDilConv3x3: return std::make_shared<DilConv>(channels, 3, stride, bn);
    case kDilConv5x5: return std::make_shared<DilConv>(channels, 5, stride, bn);
  }
  throw std::invalid_argument("darts: no operation with index " + std::to_string(op));
}

torch::Tensor drop_path(const torch::Tensor& x, double probability) {
  if (probability <= 0) return x;
  const double keep = 1.0 - probability;
  const torch::Tensor mask = torch::empty({x.size(0), 1, 1, 1}, x.options()).bernoulli_(keep);
  return x / keep * mask;
}

}  // namespace naskernel::darts
