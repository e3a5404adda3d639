// The stand-alone network and the super-net: shapes, parameter counts,
// gradients through path weights, and the super-net computing the
// stand-alone network with its leading weight slices.
#include <doctest/doctest.h>
#include <naskernel/errors.h>
#include <naskernel/rng.h>

#include "nb101_space.h"
#include "nb101_supernet.h"
#include "nb101_test_util.h"

using namespace naskernel;
using namespace naskernel::nb101;
using namespace nb101_test;

namespace {

int64_t count_parameters(torch::nn::Module& module) {
  int64_t total = 0;
  for (const auto& p : module.parameters()) total += p.numel();
  return total;
}

Nb101Options small_options() {
  Nb101Options options;
  options.stem_channels = 8;
  options.stacks = 3;
  options.cells_per_stack = 1;
  options.supernet_stem_channels = 6;
  options.supernet_channels = 8;
  return options;
}

// The super-net parameter that holds stand-alone parameter `name`.
std::string supernet_name(const std::string& name, const Cell& pruned) {
  // stem.conv.weight -> stem.weight; X.bn.weight -> X.bn_weight
  std::string out = name;
  const auto replace = [&](const std::string& from, const std::string& to) {
    const size_t at = out.find(from);
    if (at != std::string::npos) out.replace(at, from.size(), to);
  };
  replace(".conv.weight", ".weight");
  replace(".bn.weight", ".bn_weight");
  replace(".bn.bias", ".bn_bias");
  const size_t op = out.find("_op.");
  if (op != std::string::npos) {
    const int vertex = out[op - 1] - '0';
    out.replace(op, 3, pruned.ops[vertex] == kConv3x3 ? "_conv3x3" : "_conv1x1");
  }
  return out;
}

}  // namespace

TEST_CASE("the stand-alone network runs on CIFAR-sized and odd-sized batches") {
  torch::manual_seed(0);
  const Nb101Space space(small_options());
  const Arch arch = arch_from(kFirstRecordRows, kFirstRecordOps);
  auto net = space.make_standalone(arch, {3, 32, 32, OutputKind::classes, 10});
  const torch::Tensor out = net->forward(torch::randn({2, 3, 32, 32}));
  CHECK(out.sizes() == torch::IntArrayRef{2, 10});
  CHECK(torch::isfinite(out).all().item<bool>());
  out.sum().backward();
  for (const auto& p : net->parameters()) CHECK(p.grad().defined());

  // Fashion-MNIST: one channel, 28x28 pooled to 14 and 7.
  auto gray = space.make_standalone(arch, {1, 28, 28, OutputKind::classes, 10});
  CHECK(gray->forward(torch::randn({3, 1, 28, 28})).sizes() == torch::IntArrayRef{3, 10});
  // An odd side: 'same' pooling rounds up (15 -> 8 -> 4).
  auto odd = space.make_standalone(arch, {1, 15, 15, OutputKind::classes, 5});
  CHECK(odd->forward(torch::randn({2, 1, 15, 15})).sizes() == torch::IntArrayRef{2, 5});
  CHECK(contains(message_of<UserError>([&] {
                   gray->forward(torch::randn({2, 3, 28, 28}));
                 }),
                 "expects input of shape [batch, 1, height, width]"));
}

TEST_CASE("cost() counts the parameters the stand-alone network has, for random cells") {
  const Nb101Space space(small_options());
  const NetworkSpec spec{3, 16, 16, OutputKind::classes, 7};
  Rng rng(21);
  for (int trial = 0; trial < 25; ++trial) {
    const Arch arch = space.random(rng);
    auto net = space.make_standalone(arch, spec);
    CHECK(count_parameters(*net) == space.cost(arch, spec).params);
    CHECK(net->forward(torch::randn({2, 3, 16, 16})).sizes() == torch::IntArrayRef{2, 7});
  }
}

TEST_CASE("the super-net runs a path and differentiates through its weights") {
  torch::manual_seed(1);
  const Nb101Space space(small_options());
  const NetworkSpec spec{3, 16, 16, OutputKind::classes, 10};
  auto supernet = space.make_supernet(spec);
  // 2 -> 3 is a dead end: its genes (edge 2->3, op3) are pruned away.
  const Arch arch = space.parse(
      "matrix=0110000/0000001/0001001/0000000/0000000/0000000/0000000;ops=conv3x3/maxpool3x3/conv1x1/conv3x3/conv3x3");
  const torch::Tensor x = torch::randn({4, 3, 16, 16});

  const torch::Tensor plain = supernet->forward(x, space.path(arch));
  CHECK(plain.sizes() == torch::IntArrayRef{4, 10});

  const torch::Tensor weights = torch::ones({26}, torch::requires_grad());
  supernet->zero_grad();
  const torch::Tensor weighted = supernet->forward(x, Path(arch.genes, weights));
  CHECK(torch::allclose(weighted, plain, 1e-5, 1e-5));
  weighted.pow(2).sum().backward();
  REQUIRE(weights.grad().defined());
  const auto grad = weights.grad();
  // (Edge 0->1 feeds a conv-BN vertex, which is invariant to its scale up
  // to BN's epsilon, so its gradient is not checked for size.)
  for (int gene : {edge_gene(0, 2), edge_gene(1, 6), edge_gene(2, 6), op_gene(1), op_gene(2)})
    CHECK_MESSAGE(grad[gene].abs().item<double>() > 0, "gene " << gene_name(gene) << " is on the path");
  for (int gene : {edge_gene(2, 3), op_gene(3), op_gene(4), op_gene(5), edge_gene(0, 6), edge_gene(3, 4)})
    CHECK_MESSAGE(grad[gene].item<double>() == 0, "gene " << gene_name(gene) << " is off the path");

  // Weights off the path get no gradient; a used kernel only in its slice.
  // Vertex 2 is a max-pool, so its convs stay untouched.
  for (const auto& item : supernet->named_parameters()) {
    const std::string& name = item.key();
    const torch::Tensor g = item.value().grad();
    const bool unused = name.find("vertex2_conv") != std::string::npos || name.find("vertex3") != std::string::npos ||
                        name.find("output_projection") != std::string::npos ||
                        name.find("vertex1_conv1x1") != std::string::npos;
    if (unused) CHECK_MESSAGE((!g.defined() || g.abs().sum().item<double>() == 0), name << " is off the path");
  }
  // Stack 0 cells output 8 channels split 4 + 4: vertex 1's conv3x3 uses [4, 4, 3, 3] of [8, 8, 3, 3].
  const torch::Tensor conv = supernet->named_parameters()["stack0_cell0.vertex1_conv3x3.weight"].grad();
  REQUIRE(conv.defined());
  CHECK(conv.narrow(0, 0, 4).narrow(1, 0, 4).abs().sum().item<double>() > 0);
  CHECK(conv.narrow(0, 4, 4).abs().sum().item<double>() == 0);
  CHECK(conv.narrow(1, 4, 4).abs().sum().item<double>() == 0);

  CHECK_THROWS_AS(supernet->forward(x, Path(std::vector<int>(26, 0))), std::invalid_argument);
  CHECK_THROWS_AS(supernet->forward(x, Path(arch.genes, torch::ones({5}))), std::invalid_argument);
}

TEST_CASE("with the stand-alone skeleton, the super-net computes the stand-alone network") {
  // Same stem and stack widths in both; copying the super-net's leading
  // weight slices into the stand-alone network must give the same logits
  // (BN on batch statistics in both: training mode).
  Nb101Options options = small_options();
  options.supernet_stem_channels = options.stem_channels;
  options.supernet_channels = options.stem_channels;
  options.cells_per_stack = 2;
  const Nb101Space space(options);
  const NetworkSpec spec{3, 12, 12, OutputKind::classes, 6};
  torch::manual_seed(2);
  auto supernet = space.make_supernet(spec);
  Rng rng(4);
  for (int trial = 0; trial < 12; ++trial) {
    const Arch arch = space.random(rng);
    const Cell pruned = prune(cell_of(arch))->cell;
    auto net = space.make_standalone(arch, spec);
    auto shared = supernet->named_parameters();
    {
      torch::NoGradGuard no_grad;
      for (auto& item : net->named_parameters()) {
        const std::string name = supernet_name(item.key(), pruned);
        REQUIRE_MESSAGE(shared.contains(name), "no super-net parameter " << name);
        torch::Tensor source = shared[name];
        for (int64_t d = 0; d < item.value().dim(); ++d) source = source.narrow(d, 0, item.value().size(d));
        item.value().copy_(source);
      }
    }
    net->train();
    supernet->train();
    const torch::Tensor x = torch::randn({3, 3, 12, 12});
    const torch::Tensor expected = net->forward(x);
    const torch::Tensor actual = supernet->forward(x, space.path(arch));
    CHECK_MESSAGE(torch::allclose(actual, expected, 1e-4, 1e-5), space.format(arch));
  }
}

TEST_CASE("the default super-net follows the reference widths") {
  const Nb101Space space;
  const Layout layout = space.supernet_layout({3, 32, 32, OutputKind::classes, 10});
  CHECK(layout.stem_channels == 64);
  REQUIRE(layout.stacks.size() == 3);
  CHECK(layout.stacks[0].channels == 128);
  CHECK(layout.stacks[1].channels == 256);
  CHECK(layout.stacks[2].channels == 512);
  CHECK(layout.stacks[2].height == 8);
}

TEST_CASE("the default super-net holds one weight set per cell, vertex and op") {
  // Per cell of width C reading C_in channels: 5 x (projection C_in*C,
  // conv3x3 9*C*C, conv1x1 C*C, each with 2*C BN) + the C_in*C output
  // projection (+ 2*C); stacks at 128/256/512 with a 64-channel stem, then
  // the 512 -> 10 linear layer: 56,863,562 in all.
  const Nb101Space space;
  auto supernet = space.make_supernet({3, 32, 32, OutputKind::classes, 10});
  CHECK(count_parameters(*supernet) == 56863562);
}
