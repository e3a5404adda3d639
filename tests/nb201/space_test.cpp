#include "nb201_space.h"
#include "nb201_test_util.h"

#include <naskernel/config.h>
#include <naskernel/errors.h>
#include <naskernel/rng.h>

#include <doctest/doctest.h>

using namespace naskernel;
using namespace naskernel::nb201;
using namespace nb201_test;

TEST_CASE("the nb201 space has six edge genes with NB201's five ops") {
  const Nb201Space space;
  CHECK(space.name() == "nb201");
  REQUIRE(space.genes().size() == 6);
  const char* edges[] = {"1<-0", "2<-0", "2<-1", "3<-0", "3<-1", "3<-2"};
  for (int e = 0; e < 6; ++e) {
    CHECK(space.genes()[e].name == edges[e]);
    CHECK(space.genes()[e].choices ==
          std::vector<std::string>{"none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"});
  }
  CHECK(space.cardinality() == 15625u);
  CHECK(space.format(space.from_index(0)) == "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");
  CHECK(space.format(space.from_index(1)) == "|none~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|");
  CHECK(space.format(space.from_index(15624)) ==
        "|avg_pool_3x3~0|+|avg_pool_3x3~0|avg_pool_3x3~1|+|avg_pool_3x3~0|avg_pool_3x3~1|avg_pool_3x3~2|");
}

TEST_CASE("mutation changes exactly one gene") {
  const Nb201Space space;
  Rng rng(5);
  Arch arch = space.random(rng);
  for (int step = 0; step < 200; ++step) {
    const Arch child = space.mutate(arch, rng);
    CHECK(space.distance(arch, child) == 1);
    CHECK(space.parse(space.format(child)) == child);
    arch = child;
  }
}

TEST_CASE("configuration keys set the network options and bad values are refused") {
  const Config config = Config::parse(
      "channels = 8\ncells = 2\nsupernet_bn_affine = true\nsupernet_bn_track_running_stats = true\n"
      "standalone_bn_affine = false\nstandalone_bn_track_running_stats = false\n");
  const Nb201Space space(config);
  config.finish();
  CHECK(space.options().channels == 8);
  CHECK(space.options().cells == 2);
  CHECK(space.options().supernet_bn.affine);
  CHECK(space.options().supernet_bn.track_running_stats);
  CHECK_FALSE(space.options().standalone_bn.affine);
  CHECK_FALSE(space.options().standalone_bn.track_running_stats);

  const Nb201Space defaults(Config::parse(""));
  CHECK(defaults.options().channels == 16);
  CHECK(defaults.options().cells == 5);
  CHECK_FALSE(defaults.options().supernet_bn.affine);
  CHECK_FALSE(defaults.options().supernet_bn.track_running_stats);
  CHECK(defaults.options().standalone_bn.affine);
  CHECK(defaults.options().standalone_bn.track_running_stats);

  CHECK(contains(message_of<ConfigError>([] { Nb201Space(Config::parse("channels = 0")); }),
                 "channels` must be at least 1, got 0"));
  CHECK(contains(message_of<ConfigError>([] { Nb201Space(Config::parse("cells = -1")); }),
                 "cells` must be at least 0, got -1"));
  CHECK(contains(message_of<ConfigError>([] { Nb201Space(Config::parse("channels = \"16\"")); }),
                 "must be an integer, got string"));
  const Config misspelt = Config::parse("channel = 8");
  const Nb201Space ignored(misspelt);
  CHECK(contains(message_of<ConfigError>([&] { misspelt.finish(); }), "did you mean `channels`"));
}

TEST_CASE("the super-net has its own size when supernet_channels and supernet_cells are set") {
  const NetworkSpec shape{1, 8, 8, OutputKind::classes, 3};
  const Arch arch = arch_of({3, 3, 3, 3, 3, 3});
  // The first conv of the stem has C output channels; cells, stride-2
  // blocks, the last BN and the classifier follow: 3N + 2 stem, blocks and
  // cells, so the last cell's index tells N.
  const auto stem_channels = [](const torch::nn::Module& net) {
    return net.named_parameters()["stem.0.weight"].size(0);
  };
  const auto has_cell = [](const torch::nn::Module& net, int index) {
    const std::string prefix = "cells." + std::to_string(index) + ".";
    for (const auto& p : net.named_parameters())
      if (p.key().rfind(prefix, 0) == 0) return true;
    return false;
  };

  const Nb201Space same(Config::parse("channels = 8\ncells = 2\n"));
  CHECK_FALSE(same.options().supernet_channels);
  CHECK(stem_channels(*same.make_supernet(shape)) == 8);
  CHECK(has_cell(*same.make_supernet(shape), 7));  // 3 stages x 2 cells + 2 blocks, from 0
  CHECK_FALSE(has_cell(*same.make_supernet(shape), 8));

  const Config config = Config::parse("channels = 8\ncells = 2\nsupernet_channels = 4\nsupernet_cells = 1\n");
  const Nb201Space smaller(config);
  config.finish();
  CHECK(*smaller.options().supernet_channels == 4);
  CHECK(*smaller.options().supernet_cells == 1);
  const auto supernet = smaller.make_supernet(shape);
  CHECK(stem_channels(*supernet) == 4);
  CHECK(has_cell(*supernet, 4));  // 3 stages x 1 cell + 2 blocks
  CHECK_FALSE(has_cell(*supernet, 5));
  CHECK(supernet->forward(torch::randn({2, 1, 8, 8}), Path(arch.genes)).sizes() == torch::IntArrayRef({2, 3}));
  // Stand-alone networks, and their cost, keep channels and cells.
  const auto standalone = smaller.make_standalone(arch, shape);
  CHECK(stem_channels(*standalone) == 8);
  CHECK(has_cell(*standalone, 7));
  int64_t params = 0;
  for (const auto& p : standalone->parameters()) params += p.numel();
  CHECK(smaller.cost(arch, shape).params == params);
  CHECK(smaller.cost(arch, shape).params == same.cost(arch, shape).params);

  CHECK(contains(message_of<ConfigError>([] { Nb201Space(Config::parse("supernet_channels = 0")); }),
                 "supernet_channels` must be at least 1, got 0"));
  CHECK(contains(message_of<ConfigError>([] { Nb201Space(Config::parse("supernet_cells = -2")); }),
                 "supernet_cells` must be at least 0, got -2"));
}

TEST_CASE("the stand-alone network classifies a CIFAR-sized batch") {
  const Nb201Space space;
  const Arch arch = space.parse(
      "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|");
  auto net = space.make_standalone(arch, {3, 32, 32, OutputKind::classes, 10});
  torch::manual_seed(1);
  const torch::Tensor y = net->forward(torch::randn({2, 3, 32, 32}));
  CHECK(y.sizes() == torch::IntArrayRef({2, 10}));
  CHECK(torch::isfinite(y).all().item<bool>());
  y.sum().backward();
  for (const auto& p : net->named_parameters()) {
    CAPTURE(p.key());
    CHECK(p.value().grad().defined());
  }
}

TEST_CASE("stand-alone parameters follow NB201's TinyNetwork names") {
  const Nb201Space space;
  const Arch arch = space.parse(
      "|nor_conv_1x1~0|+|nor_conv_3x3~0|skip_connect~1|+|avg_pool_3x3~0|none~1|nor_conv_3x3~2|");
  auto net = space.make_standalone(arch, {3, 32, 32, OutputKind::classes, 10});
  const auto params = net->named_parameters();
  for (const char* name : {"stem.0.weight", "stem.1.weight", "cells.0.layers.0.op.1.weight",
                           "cells.0.layers.1.op.2.bias", "cells.4.layers.5.op.1.weight", "cells.5.conv_a.op.1.weight",
                           "cells.5.conv_b.op.2.weight", "cells.5.downsample.1.weight", "cells.16.layers.5.op.1.weight",
                           "lastact.0.weight", "classifier.weight", "classifier.bias"}) {
    CAPTURE(name);
    CHECK(params.contains(name));
  }
  CHECK(net->modules(false).size() > 0);
  CHECK(net->named_buffers().contains("cells.0.layers.0.op.2.running_mean"));
  CHECK_FALSE(params.contains("cells.0.layers.2.op.1.weight"));  // skip_connect owns nothing
}

TEST_CASE("a cell whose input reaches nothing still computes what NB201 computes") {
  // Node 1 receives nothing, yet 2<-1 and 3<-1 run their convs on zeros:
  // with affine BN their output is the BN bias, as in NB201's networks, and
  // the network ignores its input.
  Nb201Options options;
  options.channels = 4;
  options.cells = 1;
  const Nb201Space space(options);
  const Arch arch = space.parse("|none~0|+|none~0|nor_conv_3x3~1|+|none~0|nor_conv_1x1~1|skip_connect~2|");
  auto net = space.make_standalone(arch, {1, 8, 8, OutputKind::classes, 3});
  const torch::Tensor y = net->forward(torch::randn({4, 1, 8, 8}));
  CHECK(torch::allclose(y, net->forward(torch::randn({4, 1, 8, 8}))));
  y.sum().backward();
  const auto params = net->named_parameters();
  CHECK(params["cells.4.layers.2.op.2.bias"].grad().defined());  // the last cell, in stage 3
  CHECK(params["cells.4.layers.4.op.2.bias"].grad().defined());
  CHECK_FALSE(params["cells.0.layers.2.op.2.bias"].grad().defined());  // cut off by the last cell
}

TEST_CASE("networks refuse input sizes whose residual branches disagree") {
  const Nb201Space space;
  const Arch arch = space.from_index(9999);
  const std::string message = message_of<UserError>([&] { space.make_standalone(arch, {3, 32, 31, OutputKind::classes, 10}); });
  CHECK(contains(message, "input width of 31"));
  CHECK(contains(message, "the width must be a multiple of 4"));
  CHECK(contains(message_of<UserError>([&] { space.make_supernet({3, 18, 32, OutputKind::classes, 10}); }), "input height of 18"));
  auto net = space.make_standalone(arch, {3, 32, 32, OutputKind::classes, 10});
  CHECK(contains(message_of<UserError>([&] { net->forward(torch::randn({1, 3, 34, 32})); }), "input height of 34"));
}
