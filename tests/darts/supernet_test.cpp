// The super-net: paths of genotypes (SPOS), GDAS-style paths over all 14
// edges with straight-through weights, gradients, and derive() from paths.
#include "darts_genotype.h"
#include "darts_space.h"
#include "darts_supernet.h"
#include "darts_test_util.h"

#include <naskernel/errors.h>

#include <doctest/doctest.h>

#include <regex>
#include <set>

using namespace naskernel;
using namespace naskernel::darts;
using namespace darts_test;

namespace {

const NetworkSpec kSmall{3, 16, 16, OutputKind::classes, 10};

DartsOptions small_supernet(bool affine = false) {
  DartsOptions options;
  options.supernet_channels = 4;
  options.supernet_layers = 5;  // reductions at cells 1 and 3
  options.supernet_affine = affine;
  return options;
}

torch::Tensor batch(int64_t size = 2) {
  torch::manual_seed(3);
  return torch::randn({size, kSmall.channels, kSmall.height, kSmall.width});
}

// cells.K._ops.E.OP.<...> of super-net parameters: (edge, op) per cell type.
const std::regex kCandidate(R"(cells\.(\d+)\._ops\.(\d+)\.(\d)\..*)");

}  // namespace

TEST_CASE("path genes are the 28 edges with none and the 7 ops; path(arch) uses the genotype's edges") {
  const DartsSpace space;
  REQUIRE(space.path_genes().size() == 28);
  CHECK(space.path_genes()[0].name == "normal.2<-0");
  CHECK(space.path_genes()[13].name == "normal.5<-4");
  CHECK(space.path_genes()[14].name == "reduce.2<-0");
  CHECK(space.path_genes()[0].choices ==
        std::vector<std::string>{"none", "max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3",
                                 "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5"});
  CHECK(space.genes().size() == 32);
  CHECK(space.genes()[0].name == "normal.2.input_a");
  CHECK(space.genes()[12].choices == std::vector<std::string>{"0", "1", "2", "3", "4"});

  const Arch v2 = space.parse(kDartsV2);
  const Path path = space.path(v2);
  REQUIRE(path.choices.size() == 28);
  CHECK_FALSE(path.weights.defined());
  // Normal node 5 reads node 0 (skip_connect) and node 2 (dil_conv_3x3).
  CHECK(path.choices[9] == 3);
  CHECK(path.choices[11] == 6);
  CHECK(path.choices[10] == 0);
  CHECK(path.choices[12] == 0);
  int used = 0;
  for (int c : path.choices) used += c != 0;
  CHECK(used == 16);
  CHECK_THROWS_AS(space.path(Arch{"darts", std::vector<int>(32, 0)}), UserError);
}

TEST_CASE("derive of a genotype's one-hot path gives the genotype back, pairs ordered by input") {
  const DartsSpace space;
  Rng rng(4);
  for (int i = 0; i < 200; ++i) {
    const Arch arch = space.random(rng);
    const Path path = space.path(arch);
    std::vector<std::vector<double>> probabilities(28, std::vector<double>(8, 0.0));
    for (size_t g = 0; g < 28; ++g) probabilities[g][static_cast<size_t>(path.choices[g])] = 1.0;
    CHECK(space.derive(probabilities) == canonical_order(arch));
  }
}

TEST_CASE("the super-net runs a SPOS path; only the path's ops receive gradients") {
  const DartsSpace space(small_supernet(/*affine=*/true));
  auto net = space.make_supernet(kSmall);
  const torch::Tensor x = batch();
  Rng rng(8);
  for (int trial = 0; trial < 3; ++trial) {
    const Arch arch = space.random(rng);
    const Path path = space.path(arch);
    net->zero_grad();
    const torch::Tensor logits = net->forward(x, path);
    REQUIRE(logits.sizes() == torch::IntArrayRef({2, 10}));
    CHECK(torch::isfinite(logits).all().item<bool>());
    logits.pow(2).sum().backward();
    int on_path = 0, off_path = 0;
    for (const auto& item : net->named_parameters()) {
      std::smatch m;
      const std::string name = item.key();
      if (!std::regex_match(name, m, kCandidate)) continue;
      const int cell = std::stoi(m[1]);
      const int edge = std::stoi(m[2]);
      const int op = std::stoi(m[3]);
      const bool reduction = cell == 1 || cell == 3;
      const bool chosen = path.choices[static_cast<size_t>((reduction ? 14 : 0) + edge)] == op + 1;
      const bool has_grad = item.value().grad().defined() && item.value().grad().abs().sum().item<double>() > 0;
      CAPTURE(name);
      CHECK(has_grad == chosen);
      (chosen ? on_path : off_path)++;
    }
    CHECK(on_path > 0);
    CHECK(off_path > on_path);
  }
}

TEST_CASE("a GDAS-style path over all 14 edges with straight-through weights reaches the logits") {
  const DartsSpace space(small_supernet());
  auto net = space.make_supernet(kSmall);
  const torch::Tensor x = batch();

  // One op per edge everywhere, `none` on three edges.
  std::vector<int> choices(28);
  for (int g = 0; g < 28; ++g) choices[static_cast<size_t>(g)] = 1 + g % 7;
  const std::set<int> none_edges = {3, 12, 20};
  for (int g : none_edges) choices[static_cast<size_t>(g)] = 0;

  // GDAS: hard one-hot minus detached soft plus soft, read at the choice.
  torch::manual_seed(5);
  const torch::Tensor logits_alpha = torch::randn({28, 8}).requires_grad_(true);
  const torch::Tensor soft = torch::softmax(logits_alpha, 1);
  const torch::Tensor index = torch::tensor(std::vector<int64_t>(choices.begin(), choices.end()), torch::kLong);
  const torch::Tensor hard = torch::zeros_like(soft).scatter_(1, index.unsqueeze(1), 1.0);
  const torch::Tensor straight_through = hard - soft.detach() + soft;
  const torch::Tensor weights = straight_through.gather(1, index.unsqueeze(1)).squeeze(1);
  CHECK(torch::allclose(weights, torch::ones({28})));

  const torch::Tensor plain = net->forward(x, Path(choices));
  const torch::Tensor weighted = net->forward(x, Path(choices, weights));
  CHECK(torch::allclose(plain, weighted, 1e-5, 1e-6));  // weights are 1 in value
  weighted.pow(2).sum().backward();
  REQUIRE(logits_alpha.grad().defined());
  // Every gene's logits get a gradient through its straight-through weight,
  // except `none` edges, whose weight's gradient is zero.
  const torch::Tensor per_gene = logits_alpha.grad().abs().sum(1);
  for (int g = 0; g < 28; ++g) {
    CAPTURE(g);
    if (none_edges.count(g))
      CHECK(per_gene[g].item<double>() == 0.0);
    else
      CHECK(per_gene[g].item<double>() > 0.0);
  }

  // The weights themselves: defined gradients, zero exactly on `none` edges.
  const torch::Tensor leaf = torch::ones({28}).requires_grad_(true);
  net->forward(x, Path(choices, leaf)).pow(2).sum().backward();
  REQUIRE(leaf.grad().defined());
  for (int g = 0; g < 28; ++g) {
    CAPTURE(g);
    CHECK((leaf.grad()[g].item<double>() == 0.0) == (none_edges.count(g) == 1));
  }
}

TEST_CASE("a node whose incoming edges are all none is zero, and the net still runs") {
  const DartsSpace space(small_supernet());
  auto net = space.make_supernet(kSmall);
  std::vector<int> choices(28, 0);  // every edge none but node 5's edge from node 2 (reads a zero node)
  choices[11] = 5;
  choices[14 + 11] = 4;
  const torch::Tensor leaf = torch::ones({28}).requires_grad_(true);
  const torch::Tensor logits = net->forward(batch(), Path(choices, leaf));
  CHECK(logits.sizes() == torch::IntArrayRef({2, 10}));
  logits.sum().backward();
  CHECK(leaf.grad().defined());
}

TEST_CASE("the super-net refuses malformed paths and inputs") {
  const DartsSpace space(small_supernet());
  auto net = space.make_supernet(kSmall);
  const torch::Tensor x = batch();
  CHECK_THROWS_AS(net->forward(x, Path(std::vector<int>(27, 1))), std::invalid_argument);
  CHECK_THROWS_AS(net->forward(x, Path(std::vector<int>(28, 8))), std::invalid_argument);
  CHECK_THROWS_AS(net->forward(x, Path(std::vector<int>(28, 1), torch::ones({27}))), std::invalid_argument);
  CHECK_THROWS_AS(net->forward(torch::randn({2, 1, 16, 16}), Path(std::vector<int>(28, 1))), UserError);
  CHECK_THROWS_AS(net->forward(torch::randn({2, 3, 18, 18}), Path(std::vector<int>(28, 1))), UserError);
}

TEST_CASE("the default super-net is DARTS's search network: C=16, 8 cells, one weight set per (cell, edge, op)") {
  const DartsSpace space;
  auto net = space.make_supernet(NetworkSpec{3, 32, 32, OutputKind::classes, 10});
  const auto params = net->named_parameters();
  CHECK(params.contains("stem.0.weight"));
  CHECK(params.contains("stem.1.weight"));  // the stem's BN is affine, as DARTS's
  CHECK(params.contains("cells.0._ops.13.6.op.1.weight"));  // normal edge 5<-4, dil_conv_5x5
  CHECK(params.contains("cells.2.preprocess1.op.1.weight"));
  CHECK(params.contains("cells.3.preprocess0.conv_1.weight"));  // after the reduction at cell 2
  CHECK(params.contains("cells.7._ops.0.2.conv_1.weight") == false);  // stride-1 skip: identity
  CHECK(params.contains("cells.2._ops.0.2.conv_1.weight"));  // stride-2 skip: FactorizedReduce
  CHECK_FALSE(params.contains("cells.0._ops.0.3.op.3.weight"));  // non-affine BN
  int64_t total = 0;
  for (const auto& p : net->parameters()) total += p.numel();
  MESSAGE("DARTS search network (C=16, 8 cells, 10 classes): " << total << " parameters");
  torch::manual_seed(1);
  const torch::Tensor x = torch::randn({2, 3, 32, 32});
  Rng rng(2);
  CHECK(net->forward(x, space.path(space.random(rng))).sizes() == torch::IntArrayRef({2, 10}));
  net->eval();  // batch statistics in evaluation too: no running averages kept
  CHECK(net->forward(x, space.path(space.random(rng))).sizes() == torch::IntArrayRef({2, 10}));
}
