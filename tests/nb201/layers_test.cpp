// The cell's building blocks: shared ReLUs and the super-net's batch norm.
#include "nb201_layers.h"
#include "nb201_ops.h"

#include <naskernel/batch_statistics_norm.h>

#include <doctest/doctest.h>

using namespace naskernel::nb201;

namespace {

// Three conv edges read node 0 (to nodes 1, 2 and 3), one reads node 1.
const std::array<int, 6> kConvHeavy = {kNorConv3x3, kNorConv1x1, kNorConv3x3, kNorConv3x3, kSkipConnect, kAvgPool3x3};

std::array<ReLUConvBN, 6> conv_edges(int64_t channels) {
  torch::manual_seed(21);
  std::array<ReLUConvBN, 6> edges = {nullptr, nullptr, nullptr, nullptr, nullptr, nullptr};
  for (int e = 0; e < kNumEdges; ++e) edges[e] = ReLUConvBN(channels, channels, e == 1 ? 1 : 3, 1, BatchNormOptions{false, false});
  return edges;
}

}  // namespace

TEST_CASE("a node's ReLU is computed once, and the cell equals one with a ReLU per conv edge, values and gradients") {
  auto edges = conv_edges(4);
  torch::manual_seed(22);
  const torch::Tensor input = torch::randn({3, 4, 6, 6});
  const torch::Tensor weights = torch::randn({3, 4, 6, 6});

  auto run = [&](bool shared) {
    const torch::Tensor x = input.clone().requires_grad_(true);
    int relus = 0;
    const torch::Tensor out = run_cell(x, kConvHeavy, [&](int e, const CellNode& node) {
      switch (kConvHeavy[e]) {
        case kNorConv1x1:
        case kNorConv3x3:
          if (!shared) return edges[e]->forward(node.value());  // ReLU inside, per edge
          ++relus;
          return run_op(kConvHeavy[e], *edges[e], node);
        default: return run_op(kConvHeavy[e], *edges[e], node);
      }
    });
    (out * weights).sum().backward();
    return std::tuple{out.detach(), x.grad(), relus};
  };
  const auto [shared_out, shared_grad, conv_calls] = run(true);
  const auto [separate_out, separate_grad, unused] = run(false);
  CHECK(conv_calls == 4);
  CHECK(torch::equal(shared_out, separate_out));
  CHECK(torch::allclose(shared_grad, separate_grad, 1e-6, 1e-6));  // the node's gradients add in another order

  const CellNode node(input);
  CHECK(node.activated().data_ptr() == node.activated().data_ptr());  // once
  CHECK(torch::equal(node.activated(), torch::relu(input)));
}

TEST_CASE("the super-net's default batch norm is the SDK's batch-statistics norm; affine or tracked ones are LibTorch's") {
  auto bn_kind = [](const BatchNormOptions& options) {
    ReLUConvBN edge(4, 4, 3, 1, options);
    int sdk = 0, torch_bn = 0;
    for (const auto& module : edge->modules()) {
      if (module->as<naskernel::BatchStatisticsNormImpl>()) ++sdk;
      if (module->as<torch::nn::BatchNorm2dImpl>()) ++torch_bn;
    }
    return std::pair{sdk, torch_bn};
  };
  CHECK(bn_kind({false, false}) == std::pair{1, 0});
  CHECK(bn_kind({true, false}) == std::pair{0, 1});
  CHECK(bn_kind({false, true}) == std::pair{0, 1});
  // The same parameter names either way (NB201's op.1.weight).
  ReLUConvBN edge(4, 4, 3, 1, BatchNormOptions{false, false});
  CHECK(edge->named_parameters().keys() == std::vector<std::string>{"op.1.weight"});
}
