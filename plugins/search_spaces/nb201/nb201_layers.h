// The building blocks shared by the super-net and the stand-alone network.
// Module and parameter names follow NB201's PyTorch code (op.1.weight,
// conv_a, downsample, lastact, classifier) so state dicts line up with it.
#pragma once

#include "nb201_layout.h"
#include "nb201_options.h"

#include <torch/torch.h>

#include <functional>

namespace naskernel::nb201 {

// Without affine parameters and running statistics, the SDK's faster
// BatchStatisticsNorm (naskernel/batch_statistics_norm.h).
torch::nn::AnyModule make_batch_norm(int64_t channels, const BatchNormOptions& options);

// ReLU -> Conv(k, stride, padding (k-1)/2, no bias) -> BN, as NB201's ReLUConvBN.
class ReLUConvBNImpl : public torch::nn::Module {
 public:
  ReLUConvBNImpl(int64_t in_channels, int64_t out_channels, int64_t kernel, int64_t stride,
                 const BatchNormOptions& bn);
  torch::Tensor forward(const torch::Tensor& x);
  // The conv and BN of an input that is already relu(x).
  torch::Tensor forward_activated(const torch::Tensor& relu_x);

 private:
  torch::nn::Conv2d conv_;
  torch::nn::AnyModule bn_;
  torch::nn::Sequential op_;  // ReLU, conv_, bn_: NB201's names (op.1.weight)
};
TORCH_MODULE(ReLUConvBN);

// NB201's `none` op; it owns no weights. Cells skip it rather than add zeros.
class ZeroOpImpl : public torch::nn::Module {
 public:
  torch::Tensor forward(const torch::Tensor& x) { return torch::zeros_like(x); }
};
TORCH_MODULE(ZeroOp);

// NB201's ResNetBasicblock with stride 2: conv_a(x) -> conv_b, plus the
// shortcut AvgPool(2, 2) -> Conv1x1 (no BN).
class ResNetBasicBlockImpl : public torch::nn::Module {
 public:
  ResNetBasicBlockImpl(int64_t in_channels, int64_t out_channels, const BatchNormOptions& bn);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  ReLUConvBN conv_a_{nullptr};
  ReLUConvBN conv_b_{nullptr};
  torch::nn::Sequential downsample_;
};
TORCH_MODULE(ResNetBasicBlock);

// One module per operation, each registered for every edge: the candidate
// op `op` at `channels` channels (an empty holder never occurs).
std::shared_ptr<torch::nn::Module> make_op(int op, int64_t channels, const BatchNormOptions& bn);

// A cell node's value, with its ReLU computed once for all the conv edges
// that read it (each of them would otherwise apply its own, forward and
// backward, to the same map).
class CellNode {
 public:
  explicit CellNode(torch::Tensor value) : value_(std::move(value)) {}
  const torch::Tensor& value() const { return value_; }
  const torch::Tensor& activated() const;

 private:
  torch::Tensor value_;
  mutable torch::Tensor activated_;  // relu(value_), once asked for
};

// Runs `module`, which make_op built for `op`, on the node.
torch::Tensor run_op(int op, torch::nn::Module& module, const CellNode& node);

// Evaluates one cell: node j = sum over i < j of edge_output(edge j<-i, node i).
// Edges whose op is `none` are skipped (edge_output is not called), and so
// are the edges into a node whose value reaches the output only through
// `none` edges. A node without any input is zero; ops on it still run, as
// in NB201, where e.g. an affine BN turns zeros into its bias.
torch::Tensor run_cell(const torch::Tensor& input, const std::array<int, 6>& ops,
                       const std::function<torch::Tensor(int edge, const CellNode& node)>& edge_output);

// Stem (Conv3x3 + BN), lastact (BN + ReLU) and classifier of the macro net.
torch::nn::Sequential make_stem(const Layout& layout, const BatchNormOptions& bn);
torch::nn::Sequential make_lastact(const Layout& layout, const BatchNormOptions& bn);
torch::nn::Linear make_classifier(const Layout& layout);

// Throws UserError unless x is [batch, input_channels, H, W] with a size the
// macro network can reduce twice.
void check_input(const torch::Tensor& x, const Layout& layout);

}  // namespace naskernel::nb201
