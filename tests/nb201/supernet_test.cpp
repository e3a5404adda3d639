#include "nb201_space.h"
#include "nb201_test_util.h"

#include <naskernel/errors.h>

#include <doctest/doctest.h>

#include <regex>

using namespace naskernel;
using namespace naskernel::nb201;
using namespace nb201_test;

namespace {

const NetworkSpec kSmall{1, 8, 8, OutputKind::classes, 3};

Nb201Options small_options(bool bn_affine = false, bool bn_track = false) {
  Nb201Options options;
  options.channels = 4;
  options.cells = 1;
  options.supernet_bn = {bn_affine, bn_track};
  return options;
}

torch::Tensor small_batch(int64_t batch = 4, uint64_t seed = 7) {
  torch::manual_seed(seed);
  return torch::randn({batch, kSmall.channels, kSmall.height, kSmall.width});
}

}  // namespace

TEST_CASE("the super-net maps a batch to one row of logits per sample for any path") {
  const Nb201Space space(small_options());
  auto net = space.make_supernet(kSmall);
  const torch::Tensor x = small_batch();
  for (int i : {0, 1, 777, 5000, 15624}) {
    const Arch arch = space.from_index(i);
    CAPTURE(space.format(arch));
    const torch::Tensor y = net->forward(x, Path(arch.genes));
    CHECK(y.sizes() == torch::IntArrayRef({4, 3}));
    CHECK(torch::isfinite(y).all().item<bool>());
  }
}

TEST_CASE("super-net parameters follow NB201's SearchCell names and count every candidate once") {
  Nb201Options options = small_options();
  const Nb201Space space(options);
  auto net = space.make_supernet(kSmall);
  const auto params = net->named_parameters();
  CHECK(params.contains("stem.0.weight"));
  CHECK(params.contains("cells.0.edges.1<-0.3.op.1.weight"));  // edge 1<-0, nor_conv_3x3
  CHECK(params.contains("cells.2.edges.3<-2.2.op.1.weight"));  // stage 2's cell, nor_conv_1x1
  CHECK(params.contains("cells.1.conv_a.op.1.weight"));        // first residual block
  CHECK(params.contains("cells.1.downsample.1.weight"));
  CHECK(params.contains("classifier.weight"));
  CHECK_FALSE(params.contains("cells.0.edges.1<-0.3.op.2.weight"));  // BN without affine

  // Every 1x1 and 3x3 candidate once, on the skeleton: the counts of two
  // stand-alone nets with the same BN options tell them apart.
  options.standalone_bn = options.supernet_bn;
  const Nb201Space counting(options);
  auto cost = [&](const char* text) { return counting.cost(counting.parse(text), kSmall).params; };
  const int64_t skeleton = cost("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");
  const int64_t all_1x1 =
      cost("|nor_conv_1x1~0|+|nor_conv_1x1~0|nor_conv_1x1~1|+|nor_conv_1x1~0|nor_conv_1x1~1|nor_conv_1x1~2|");
  const int64_t all_3x3 =
      cost("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|");
  int64_t total = 0;
  for (const auto& p : net->parameters()) total += p.numel();
  CHECK(total == all_1x1 + all_3x3 - skeleton);
}

TEST_CASE("only the ops a path chooses receive gradients") {
  const Nb201Space space(small_options(/*bn_affine=*/true));
  const std::regex cell_param(R"(cells\.\d+\.edges\.(\d)<-(\d)\.(\d)\..*)");
  for (const char* text : {"|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|none~1|nor_conv_3x3~2|",
                           "|nor_conv_1x1~0|+|none~0|nor_conv_3x3~1|+|none~0|nor_conv_3x3~1|avg_pool_3x3~2|",
                           "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"}) {
    CAPTURE(text);
    auto net = space.make_supernet(kSmall);
    const Arch arch = space.parse(text);
    net->forward(small_batch(), Path(arch.genes)).sum().backward();
    int checked = 0;
    for (const auto& item : net->named_parameters()) {
      CAPTURE(item.key());
      std::smatch match;
      if (std::regex_match(item.key(), match, cell_param)) {
        const int edge = edge_index(std::stoi(match[1]), std::stoi(match[2]));
        const bool chosen = std::stoi(match[3]) == arch.genes[edge];
        CHECK(item.value().grad().defined() == chosen);
        ++checked;
      } else if (arch == space.from_index(0)) {
        // All-none cells output constant zeros: only the head stays connected.
        const bool head = item.key().rfind("lastact.", 0) == 0 || item.key().rfind("classifier.", 0) == 0;
        CHECK(item.value().grad().defined() == head);
      } else {
        CHECK(item.value().grad().defined());  // stem, residual blocks, head
      }
    }
    CHECK(checked == 3 * 6 * 2 * 3);  // cells x edges x conv ops x (conv, BN weight, BN bias)
  }
}

TEST_CASE("a chosen op on a dead end of the cell is not in the graph") {
  const Nb201Space space(small_options(true));
  auto net = space.make_supernet(kSmall);
  // Node 2 feeds nothing (3<-2 is none), so its conv never affects the logits.
  const Arch arch = space.parse("|nor_conv_1x1~0|+|none~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|none~2|");
  net->forward(small_batch(), Path(arch.genes)).sum().backward();
  const auto params = net->named_parameters();
  CHECK_FALSE(params["cells.0.edges.2<-1.3.op.1.weight"].grad().defined());
  CHECK(params["cells.0.edges.3<-1.3.op.1.weight"].grad().defined());
}

TEST_CASE("the edges into a dead node do not run, and the output does not depend on them") {
  // Node 2 feeds only 3<-2, which is none: the convolutions 2<-0 and 2<-1 are dead.
  const Nb201Space space(small_options(/*bn_affine=*/false, /*bn_track=*/true));
  auto net = space.make_supernet(kSmall);
  net->train();
  const torch::Tensor batch = small_batch();
  const Arch arch = space.parse("|nor_conv_1x1~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_1x1~1|none~2|");
  const torch::Tensor logits = net->forward(batch, Path(arch.genes));
  auto buffers = net->named_buffers();
  // A batch norm that ran in training mode has moved its running mean off 0.
  auto ran = [&](const std::string& edge, int op) {
    return buffers["cells.0.edges." + edge + "." + std::to_string(op) + ".op.2.running_mean"].abs().sum().item<float>() > 0;
  };
  CHECK(ran("1<-0", 2));
  CHECK(ran("3<-1", 2));
  CHECK_FALSE(ran("2<-0", 3));
  CHECK_FALSE(ran("2<-1", 3));
  // Other ops on the dead edges give the same logits.
  const Arch other = space.parse("|nor_conv_1x1~0|+|avg_pool_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_1x1~1|none~2|");
  net->eval();
  torch::NoGradGuard no_grad;
  CHECK(torch::equal(net->forward(batch, Path(arch.genes)), net->forward(batch, Path(other.genes))));
  CHECK(logits.size(0) == batch.size(0));
}

TEST_CASE("path weights scale each chosen op and carry gradients to every gene") {
  const Nb201Space space(small_options());
  auto net = space.make_supernet(kSmall);
  net->to(torch::kDouble);
  const torch::Tensor x = small_batch().to(torch::kDouble);
  const Arch arch = space.parse(
      "|nor_conv_3x3~0|+|skip_connect~0|avg_pool_3x3~1|+|none~0|nor_conv_1x1~1|skip_connect~2|");

  // Unit weights change nothing.
  const torch::Tensor plain = net->forward(x, Path(arch.genes));
  const torch::Tensor ones = torch::ones({6}, torch::kDouble);
  CHECK(torch::allclose(net->forward(x, Path(arch.genes, ones)), plain, 1e-12, 1e-12));

  // The gradient with respect to each weight matches finite differences.
  torch::manual_seed(3);
  const torch::Tensor probe = torch::randn(plain.sizes(), torch::kDouble);
  auto loss = [&](const torch::Tensor& w) { return (net->forward(x, Path(arch.genes, w)) * probe).sum(); };
  torch::Tensor weights = torch::full({6}, 0.9, torch::kDouble).requires_grad_(true);
  loss(weights).backward();
  REQUIRE(weights.grad().defined());
  for (int e = 0; e < 6; ++e) {
    CAPTURE(e);
    torch::NoGradGuard no_grad;
    const double h = 1e-5;
    torch::Tensor up = weights.detach().clone();
    torch::Tensor down = up.clone();
    up[e] += h;
    down[e] -= h;
    const double numeric = (loss(up).item<double>() - loss(down).item<double>()) / (2 * h);
    CHECK(weights.grad()[e].item<double>() == doctest::Approx(numeric).epsilon(1e-5));
    if (arch.genes[e] == kNone) CHECK(weights.grad()[e].item<double>() == 0.0);
    else CHECK(std::abs(numeric) > 1e-8);
  }
}

TEST_CASE("an all-none path keeps its weights in the graph") {
  const Nb201Space space(small_options());
  auto net = space.make_supernet(kSmall);
  torch::Tensor weights = torch::ones({6}).requires_grad_(true);
  const torch::Tensor y = net->forward(small_batch(), Path(space.from_index(0).genes, weights));
  CHECK(y.sizes() == torch::IntArrayRef({4, 3}));
  y.sum().backward();
  REQUIRE(weights.grad().defined());
  CHECK(weights.grad().abs().sum().item<float>() == 0.0f);
}

TEST_CASE("super-net BN uses batch statistics by default and running statistics on request") {
  const Arch arch = Nb201Space().parse(
      "|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|");
  const torch::Tensor batch = small_batch(6, 11);
  // Sample 0's logits in eval mode, alone versus with its batch.
  auto first_row_depends_on_batch = [&](SuperNet& net) {
    net.eval();
    torch::NoGradGuard no_grad;
    const torch::Tensor with_batch = net.forward(batch, Path(arch.genes))[0];
    const torch::Tensor with_others = net.forward(torch::cat({batch.narrow(0, 0, 1), small_batch(5, 12)}), Path(arch.genes))[0];
    return !torch::allclose(with_batch, with_others, 1e-5, 1e-6);
  };

  SUBCASE("defaults: no running buffers, batch statistics even in eval mode") {
    auto net = Nb201Space(small_options()).make_supernet(kSmall);
    for (const auto& buffer : net->named_buffers()) CHECK(buffer.key().find("running_mean") == std::string::npos);
    CHECK(first_row_depends_on_batch(*net));
  }
  SUBCASE("track_running_stats: buffers update in training and serve eval mode") {
    auto net = Nb201Space(small_options(true, true)).make_supernet(kSmall);
    const torch::Tensor mean = net->named_buffers()["cells.0.edges.1<-0.3.op.2.running_mean"];
    REQUIRE(mean.defined());
    CHECK(mean.abs().sum().item<float>() == 0.0f);
    net->train();
    net->forward(batch, Path(arch.genes));
    CHECK(mean.abs().sum().item<float>() > 0.0f);
    CHECK_FALSE(first_row_depends_on_batch(*net));
  }
}

TEST_CASE("the super-net rejects bad inputs with clear errors") {
  const Nb201Space space(small_options());
  auto net = space.make_supernet(kSmall);
  const Arch arch = space.from_index(42);
  CHECK(contains(message_of<UserError>([&] { net->forward(torch::randn({2, 1, 10, 8}), Path(arch.genes)); }),
                 "input height of 10: it is 5 at residual block 2"));
  CHECK(contains(message_of<UserError>([&] { net->forward(torch::randn({2, 3, 8, 8}), Path(arch.genes)); }),
                 "expects input of shape [batch, 1, height, width]"));
  CHECK(contains(message_of<std::invalid_argument>([&] { net->forward(small_batch(), Path(arch.genes, torch::ones({5}))); }),
                 "must have shape [6]"));
  CHECK(contains(message_of<UserError>([&] { net->forward(small_batch(), Path({1, 2})); }),
                 "6 genes, got 2"));
  CHECK(contains(message_of<UserError>([&] { space.make_supernet({3, 31, 32, OutputKind::classes, 10}); }), "input height of 31"));
}
