#include "nb201_layers.h"

#include "nb201_ops.h"

#include <naskernel/batch_statistics_norm.h>
#include <naskernel/errors.h>
#include <naskernel/pooling.h>

#include <optional>

namespace naskernel::nb201 {

namespace nn = torch::nn;

nn::AnyModule make_batch_norm(int64_t channels, const BatchNormOptions& options) {
  return make_batch_norm_2d(channels, options.affine, options.track_running_stats);
}

ReLUConvBNImpl::ReLUConvBNImpl(int64_t in_channels, int64_t out_channels, int64_t kernel, int64_t stride,
                               const BatchNormOptions& bn)
    : conv_(nn::Conv2dOptions(in_channels, out_channels, kernel).stride(stride).padding((kernel - 1) / 2).bias(false)),
      bn_(make_batch_norm(out_channels, bn)) {
  op_ = register_module("op", nn::Sequential(nn::ReLU(), conv_, bn_));
}

torch::Tensor ReLUConvBNImpl::forward(const torch::Tensor& x) { return op_->forward(x); }

torch::Tensor ReLUConvBNImpl::forward_activated(const torch::Tensor& relu_x) {
  return bn_.forward(conv_->forward(relu_x));
}

ResNetBasicBlockImpl::ResNetBasicBlockImpl(int64_t in_channels, int64_t out_channels, const BatchNormOptions& bn) {
  conv_a_ = register_module("conv_a", ReLUConvBN(in_channels, out_channels, 3, 2, bn));
  conv_b_ = register_module("conv_b", ReLUConvBN(out_channels, out_channels, 3, 1, bn));
  downsample_ = register_module(
      "downsample",
      nn::Sequential(nn::Functional(average_pool_2x2),
                     nn::Conv2d(nn::Conv2dOptions(in_channels, out_channels, 1).stride(1).padding(0).bias(false))));
}

torch::Tensor ResNetBasicBlockImpl::forward(const torch::Tensor& x) {
  return downsample_->forward(x) + conv_b_->forward(conv_a_->forward(x));
}

std::shared_ptr<nn::Module> make_op(int op, int64_t channels, const BatchNormOptions& bn) {
  switch (op) {
    case kNone: return ZeroOp().ptr();
    case kSkipConnect: return nn::Identity().ptr();
    case kNorConv1x1: return ReLUConvBN(channels, channels, 1, 1, bn).ptr();
    case kNorConv3x3: return ReLUConvBN(channels, channels, 3, 1, bn).ptr();
    case kAvgPool3x3: return nn::Functional(average_pool_3x3).ptr();
  }
  throw std::invalid_argument("nb201: no operation with index " + std::to_string(op));
}

const torch::Tensor& CellNode::activated() const {
  if (!activated_.defined()) activated_ = torch::relu(value_);
  return activated_;
}

torch::Tensor run_op(int op, nn::Module& module, const CellNode& node) {
  switch (op) {
    case kNone: return torch::zeros_like(node.value());
    case kSkipConnect: return node.value();
    case kNorConv1x1:
    case kNorConv3x3: return module.as<ReLUConvBNImpl>()->forward_activated(node.activated());
    case kAvgPool3x3: return average_pool_3x3(node.value());
  }
  throw std::invalid_argument("nb201: no operation with index " + std::to_string(op));
}

torch::Tensor run_cell(const torch::Tensor& input, const std::array<int, 6>& ops,
                       const std::function<torch::Tensor(int edge, const CellNode& node)>& edge_output) {
  // A node that reaches the output only through `none` edges changes
  // nothing downstream, so the edges into it are not run: the same output
  // and gradients for less work.
  std::array<bool, kNumNodes> live{};
  live[kNumNodes - 1] = true;
  for (int from = kNumNodes - 2; from > 0; --from)
    for (int to = from + 1; to < kNumNodes; ++to)
      if (live[to] && ops[edge_index(to, from)] != kNone) live[from] = true;

  std::array<torch::Tensor, kNumNodes> sums;  // undefined = still zero
  sums[0] = input;
  // Node i is complete once the edges into it have run, before any edge out of it.
  std::array<std::optional<CellNode>, kNumNodes> complete;
  for (int to = 1; to < kNumNodes; ++to) {
    if (!live[to]) continue;
    for (int from = 0; from < to; ++from) {
      const int e = edge_index(to, from);
      if (ops[e] == kNone) continue;
      if (!complete[from]) complete[from].emplace(sums[from].defined() ? sums[from] : torch::zeros_like(input));
      torch::Tensor out = edge_output(e, *complete[from]);
      sums[to] = sums[to].defined() ? sums[to] + out : out;
    }
  }
  return sums[kNumNodes - 1].defined() ? sums[kNumNodes - 1] : torch::zeros_like(input);
}

nn::Sequential make_stem(const Layout& layout, const BatchNormOptions& bn) {
  const int64_t channels = layout.stages[0].channels;
  return nn::Sequential(nn::Conv2d(nn::Conv2dOptions(layout.input_channels, channels, 3).padding(1).bias(false)),
                        make_batch_norm(channels, bn));
}

nn::Sequential make_lastact(const Layout& layout, const BatchNormOptions& bn) {
  return nn::Sequential(make_batch_norm(layout.stages[2].channels, bn), nn::ReLU());
}

nn::Linear make_classifier(const Layout& layout) {
  return nn::Linear(layout.stages[2].channels, layout.outputs);
}

void check_input(const torch::Tensor& x, const Layout& layout) {
  if (x.dim() != 4 || x.size(1) != layout.input_channels)
    throw UserError("nb201 expects input of shape [batch, " + std::to_string(layout.input_channels) +
                    ", height, width], got " + c10::str(x.sizes()));
  // Raises the same sentence as construction when the size cannot be reduced.
  make_layout(layout.stages[0].channels, layout.cells_per_stage, layout.input_channels, x.size(2), x.size(3),
              layout.outputs);
}

}  // namespace naskernel::nb201
