#include "nb201_space.h"
#include "nb201_test_util.h"

#include <naskernel/errors.h>

#include <doctest/doctest.h>

using namespace naskernel;
using namespace naskernel::nb201;
using namespace nb201_test;

namespace {

int64_t trainable_params(torch::nn::Module& module) {
  int64_t total = 0;
  for (const auto& p : module.parameters())
    if (p.requires_grad()) total += p.numel();
  return total;
}

const NetworkSpec kCifar10{3, 32, 32, OutputKind::classes, 10};

}  // namespace

TEST_CASE("parameter counts match the NAS-Bench-201 reference at C=16, N=5 on CIFAR-10") {
  const Nb201Space space;
  const struct {
    const char* arch;
    int64_t params;
  } references[] = {
      {"|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|", 1531546},
      {"|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", 73306},
      {"|nor_conv_3x3~0|+|nor_conv_1x1~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|", 1073466},
  };
  for (const auto& reference : references) {
    CAPTURE(reference.arch);
    const Arch arch = space.parse(reference.arch);
    CHECK(space.cost(arch, kCifar10).params == reference.params);
    auto net = space.make_standalone(arch, kCifar10);
    CHECK(trainable_params(*net) == reference.params);
  }
}

TEST_CASE("architectures without convolutions all have the 73,306 parameters of the skeleton") {
  const Nb201Space space;
  for (const char* text : {"|skip_connect~0|+|avg_pool_3x3~0|none~1|+|skip_connect~0|avg_pool_3x3~1|none~2|",
                           "|avg_pool_3x3~0|+|avg_pool_3x3~0|avg_pool_3x3~1|+|avg_pool_3x3~0|avg_pool_3x3~1|avg_pool_3x3~2|",
                           "|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|"}) {
    CAPTURE(text);
    const Arch arch = space.parse(text);
    CHECK(space.cost(arch, kCifar10).params == 73306);
    auto net = space.make_standalone(arch, kCifar10);
    CHECK(trainable_params(*net) == 73306);
  }
}

TEST_CASE("multiply-adds of conv and linear layers per image") {
  const Nb201Space space;
  // Skeleton: stem 0.442M, two residual blocks 3.670M each, classifier 640.
  const Arch no_conv = space.parse("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|");
  CHECK(space.cost(no_conv, kCifar10).mflops == doctest::Approx(7.783040).epsilon(1e-12));
  // Each 3x3 cell edge adds 2.359296M in every stage: 90 of them.
  const Arch all_3x3 = space.parse(
      "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|");
  CHECK(space.cost(all_3x3, kCifar10).mflops == doctest::Approx(7.783040 + 90 * 2.359296).epsilon(1e-12));
  // A 1x1 edge costs a ninth of a 3x3 edge.
  const Arch one_1x1 = space.parse("|nor_conv_1x1~0|+|none~0|none~1|+|none~0|none~1|none~2|");
  CHECK(space.cost(one_1x1, kCifar10).mflops == doctest::Approx(7.783040 + 15 * 2.359296 / 9).epsilon(1e-12));
}

TEST_CASE("cost() equals the built network's parameters for other shapes and options") {
  Nb201Options options;
  options.channels = 8;
  options.cells = 2;
  for (bool affine : {true, false}) {
    options.standalone_bn.affine = affine;
    const Nb201Space space(options);
    const NetworkSpec shape{1, 16, 24, OutputKind::classes, 7};
    for (int i = 0; i < 15625; i += 1009) {
      const Arch arch = space.from_index(i);
      CAPTURE(space.format(arch));
      CAPTURE(affine);
      auto net = space.make_standalone(arch, shape);
      CHECK(space.cost(arch, shape).params == trainable_params(*net));
    }
  }
}

TEST_CASE("cost() rejects input sizes the network cannot take") {
  const Nb201Space space;
  const Arch arch = space.from_index(0);
  CHECK(contains(message_of<UserError>([&] { space.cost(arch, {3, 33, 32, OutputKind::classes, 10}); }), "input height of 33"));
}
