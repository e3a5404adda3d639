// MacCounter: multiply-adds of hand-sized layers, and of the spaces' own
// networks against their cost(), which counts the same thing from the
// architecture.
#include "bench/mac_counter.h"

#include "darts_space.h"
#include "nb201_space.h"

#include <naskernel/config.h>
#include <naskernel/rng.h>

#include <doctest/doctest.h>
#include <torch/torch.h>

#include <functional>
#include <stdexcept>

using namespace naskernel;
using naskernel::bench::MacCounter;

namespace {

const NetworkSpec kCifar10{3, 32, 32, OutputKind::classes, 10};

double counted_mmac(const std::function<void()>& forward) {
  torch::NoGradGuard no_grad;
  MacCounter counter;
  forward();
  return counter.multiply_adds() / 1e6;
}

}  // namespace

TEST_CASE("MacCounter counts convolutions and linear layers by hand") {
  torch::NoGradGuard no_grad;
  const auto image = torch::randn({1, 3, 10, 10});
  torch::nn::Conv2d conv(torch::nn::Conv2dOptions(3, 8, 3).padding(1));
  torch::nn::Conv2d depthwise(torch::nn::Conv2dOptions(8, 8, 3).padding(1).groups(8));
  torch::nn::Conv2d strided(torch::nn::Conv2dOptions(8, 4, 1).stride(2));
  torch::nn::Linear linear(20, 5);
  torch::nn::ConvTranspose2d up(torch::nn::ConvTranspose2dOptions(4, 2, 2).stride(2));

  MacCounter counter;
  const auto a = conv(image);  // 8 x 10 x 10 outputs x 3 x 3 x 3
  CHECK(counter.multiply_adds() == 8 * 100 * 27);
  depthwise(a);                // 8 x 10 x 10 outputs x 1 x 3 x 3
  CHECK(counter.multiply_adds() == 8 * 100 * 27 + 8 * 100 * 9);
  const auto b = strided(a);   // 4 x 5 x 5 outputs x 8
  linear(torch::randn({2, 20}));  // 2 x 5 outputs x 20
  up(b);                       // 4 x 5 x 5 inputs, each onto 2 x 2 x 2 outputs
  CHECK(counter.multiply_adds() == 8 * 100 * 27 + 8 * 100 * 9 + 4 * 25 * 8 + 2 * 5 * 20 + 4 * 25 * 8);
  torch::relu(a) + a;  // element-wise work is not counted
  CHECK(counter.multiply_adds() == 8 * 100 * 27 + 8 * 100 * 9 + 4 * 25 * 8 + 2 * 5 * 20 + 4 * 25 * 8);
  const double before = counter.multiply_adds();
  torch::linear(torch::randn({3, 6}), torch::randn({4, 6}), torch::randn({4}));  // once, not once per inner op
  torch::matmul(torch::randn({2, 3, 6}), torch::randn({6, 5}));
  torch::bmm(torch::randn({2, 3, 6}), torch::randn({2, 6, 5}));
  CHECK(counter.multiply_adds() - before == 3 * 4 * 6 + 2 * 3 * 5 * 6 + 2 * 3 * 5 * 6);
  CHECK_THROWS_AS(MacCounter(), std::logic_error);  // one per thread
}

TEST_CASE("MacCounter counts only while it lives") {
  torch::NoGradGuard no_grad;
  torch::nn::Linear linear(3, 2);
  { MacCounter first; }
  linear(torch::randn({1, 3}));  // between counters: nobody counts
  MacCounter second;
  CHECK(second.multiply_adds() == 0);
  linear(torch::randn({1, 3}));
  CHECK(second.multiply_adds() == 6);
}

TEST_CASE("NB201's networks run the multiply-adds its cost() states (C=16, N=5, CIFAR-10)") {
  const nb201::Nb201Space space;
  const auto image = torch::randn({1, 3, 32, 32});
  auto supernet = space.make_supernet(kCifar10);
  supernet->eval();
  Rng rng(11);
  for (int i = 0; i < 6; ++i) {
    const Arch arch = space.random(rng);
    CAPTURE(space.format(arch));
    const double expected = space.cost(arch, kCifar10).mflops;
    auto standalone = space.make_standalone(arch, kCifar10);
    standalone->eval();
    CHECK(counted_mmac([&] { standalone->forward(image); }) == doctest::Approx(expected));
    // The super-net is sized as the stand-alone networks by default, so its path runs the same.
    CHECK(counted_mmac([&] { supernet->forward(image, space.path(arch)); }) == doctest::Approx(expected));
  }
}

TEST_CASE("a super-net sized apart runs fewer multiply-adds than cost() states") {
  const nb201::Nb201Space space(Config::parse("channels = 16\ncells = 5\nsupernet_channels = 8\nsupernet_cells = 1\n"));
  const nb201::Nb201Space small(Config::parse("channels = 8\ncells = 1\n"));
  auto supernet = space.make_supernet(kCifar10);
  supernet->eval();
  const Arch arch = space.parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|"
                                "nor_conv_3x3~2|");
  const auto image = torch::randn({1, 3, 32, 32});
  const double path = counted_mmac([&] { supernet->forward(image, space.path(arch)); });
  CHECK(path == doctest::Approx(small.cost(arch, kCifar10).mflops));
  CHECK(path < 0.5 * space.cost(arch, kCifar10).mflops);
}

TEST_CASE("DARTS's evaluation network runs the multiply-adds its cost() states") {
  const darts::DartsSpace space(Config::parse("channels = 8\nlayers = 5\n"));
  const auto image = torch::randn({1, 3, 32, 32});
  Rng rng(5);
  for (int i = 0; i < 3; ++i) {
    const Arch arch = space.random(rng);
    CAPTURE(space.format(arch));
    auto net = space.make_standalone(arch, kCifar10);
    net->eval();
    CHECK(counted_mmac([&] { net->forward(image); }) == doctest::Approx(space.cost(arch, kCifar10).mflops));
  }
}
