#include "df_layers.h"

#include <naskernel/batch_statistics_norm.h>
#include <naskernel/errors.h>
#include <naskernel/pooling.h>

namespace naskernel::depth_fusion {

namespace nn = torch::nn;

nn::AnyModule make_batch_norm(int64_t channels, const BatchNormOptions& options) {
  return make_batch_norm_2d(channels, options.affine, options.track_running_stats);
}

ReLUConvBNImpl::ReLUConvBNImpl(int64_t channels, int64_t kernel, const BatchNormOptions& bn) {
  op_ = register_module(
      "op", nn::Sequential(nn::ReLU(),
                           nn::Conv2d(nn::Conv2dOptions(channels, channels, kernel).padding((kernel - 1) / 2).bias(false)),
                           make_batch_norm(channels, bn)));
}

std::shared_ptr<nn::Module> make_cell_op(int op, int64_t channels, const BatchNormOptions& bn) {
  switch (op) {
    case kNone: return nullptr;
    case kSkipConnect: return nn::Identity().ptr();
    case kConv1x1: return ReLUConvBN(channels, 1, bn).ptr();
    case kConv3x3: return ReLUConvBN(channels, 3, bn).ptr();
    case kAvgPool3x3: return nn::Functional(average_pool_3x3).ptr();
  }
  throw std::invalid_argument("depth_fusion: no operation with index " + std::to_string(op));
}

torch::Tensor run_cell_op(int op, nn::Module& module, const torch::Tensor& x) {
  switch (op) {
    case kSkipConnect: return x;
    case kConv1x1:
    case kConv3x3: return module.as<ReLUConvBNImpl>()->forward(x);
    case kAvgPool3x3: return average_pool_3x3(x);
  }
  throw std::invalid_argument("depth_fusion: operation " + std::to_string(op) + " has no module to run");
}

torch::Tensor interpolate(const torch::Tensor& x, int64_t height, int64_t width, bool bicubic) {
  auto options = nn::functional::InterpolateFuncOptions().size(std::vector<int64_t>{height, width}).align_corners(true);
  if (bicubic) options.mode(torch::kBicubic);
  else options.mode(torch::kBilinear);
  return nn::functional::interpolate(x, options);
}

UpsamplerImpl::UpsamplerImpl(int kind, int64_t channels) : kind_(kind) {
  if (kind == kTransposedConv)
    transposed_ = register_module(
        "transposed", nn::ConvTranspose2d(nn::ConvTranspose2dOptions(channels, channels, 4).stride(2).padding(1)));
  else if (kind == kPixelShuffle)
    expand_ = register_module("expand", nn::Conv2d(nn::Conv2dOptions(channels, 4 * channels, 3).padding(1)));
  else if (kind != kBilinear && kind != kBicubic)
    throw std::invalid_argument("depth_fusion: no upsampling with index " + std::to_string(kind));
}

torch::Tensor UpsamplerImpl::forward(const torch::Tensor& x) {
  switch (kind_) {
    case kBilinear: return interpolate(x, 2 * x.size(2), 2 * x.size(3), false);
    case kBicubic: return interpolate(x, 2 * x.size(2), 2 * x.size(3), true);
    case kTransposedConv: return transposed_->forward(x);
    default: return torch::pixel_shuffle(expand_->forward(x), 2);
  }
}

nn::Conv2d make_projection(int64_t in_channels, int64_t features) {
  return nn::Conv2d(nn::Conv2dOptions(in_channels, features, 3).padding(1).bias(false));
}

DepthHeadImpl::DepthHeadImpl(const NetworkPlan& plan, OutputActivation activation)
    : upsampling_(plan.head_upsampling()), activation_(activation) {
  reduce_ = register_module("reduce", nn::Conv2d(nn::Conv2dOptions(plan.features, plan.head_channels(), 3).padding(1)));
  hidden_ = register_module("hidden", nn::Conv2d(nn::Conv2dOptions(plan.head_channels(), kHeadChannels, 3).padding(1)));
  out_ = register_module("out", nn::Conv2d(nn::Conv2dOptions(kHeadChannels, plan.outputs, 1)));
}

torch::Tensor DepthHeadImpl::forward(const torch::Tensor& x) {
  torch::Tensor y = reduce_->forward(x);
  if (upsampling_ > 1) y = interpolate(y, y.size(2) * upsampling_, y.size(3) * upsampling_);
  y = out_->forward(torch::relu(hidden_->forward(y)));
  return activation_ == OutputActivation::softplus ? torch::softplus(y) : torch::relu(y);
}

torch::Tensor run_cell(const CellShape& shape, const CellLiveness& live, const torch::Tensor& previous,
                       const torch::Tensor& encoder,
                       const std::function<torch::Tensor(int edge, const torch::Tensor& node)>& edge_output) {
  if (!live.reaches_output) return {};
  std::vector<torch::Tensor> nodes(static_cast<size_t>(shape.num_nodes()));
  nodes[kPreviousInput] = previous;
  nodes[kEncoderInput] = encoder;
  for (int e = 0; e < shape.num_edges(); ++e) {
    if (!live.live_edges[static_cast<size_t>(e)]) continue;
    const Edge& edge = shape.edge(e);
    torch::Tensor out = edge_output(e, nodes[static_cast<size_t>(edge.from)]);
    torch::Tensor& to = nodes[static_cast<size_t>(edge.to)];
    to = to.defined() ? to + out : out;
  }
  return nodes[static_cast<size_t>(shape.output_node())];
}

void check_input(const torch::Tensor& x, const NetworkPlan& plan) {
  const int64_t m = plan.size_multiple();
  if (x.dim() != 4 || x.size(1) != plan.input_channels || x.size(2) % m != 0 || x.size(3) % m != 0 ||
      x.size(2) == 0 || x.size(3) == 0)
    throw UserError("depth_fusion expects input of shape [batch, " + std::to_string(plan.input_channels) +
                    ", H, W] with H and W multiples of " + std::to_string(m) + ", got " + c10::str(x.sizes()));
}

}  // namespace naskernel::depth_fusion
