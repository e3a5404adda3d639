// The networks: shapes, non-negativity, weight sharing, upsampling, path
// weights, which parameters a path trains, and cost against the modules.
#include "df_layers.h"
#include "df_space.h"
#include "df_supernet.h"
#include "df_test_util.h"

#include <naskernel/errors.h>

#include <doctest/doctest.h>

#include <torch/torch.h>

using namespace naskernel;
using namespace naskernel::depth_fusion;
using namespace df_test;

namespace {

// Small enough for fast CPU tests.
DepthFusionOptions small_options(Version version, Mode mode) {
  DepthFusionOptions options;
  options.version = version;
  options.mode = mode;
  options.features = 8;
  options.encoder_channels = {4, 8, 8, 16};
  return options;
}

NetworkSpec dense(int64_t height, int64_t width, int64_t outputs = 1) {
  return NetworkSpec{3, height, width, OutputKind::dense, outputs};
}

int64_t parameter_count(const torch::nn::Module& module) {
  int64_t n = 0;
  for (const auto& p : module.parameters()) n += p.numel();
  return n;
}

bool has_parameter(const torch::nn::Module& module, const std::string& prefix) {
  for (const auto& item : module.named_parameters())
    if (item.key().rfind(prefix, 0) == 0) return true;
  return false;
}

}  // namespace

TEST_CASE("stand-alone and super-net give [B, outputs, H, W] non-negative disparity") {
  torch::manual_seed(1);
  for (Version version : versions())
    for (Mode mode : modes())
      for (auto activation : {OutputActivation::softplus, OutputActivation::relu}) {
        DepthFusionOptions options = small_options(version, mode);
        options.output_activation = activation;
        const DepthFusionSpace space(options);
        Rng rng(Rng::derive(9, std::string(version_name(version)) + mode_name(mode)));
        for (auto [h, w, outputs] : std::vector<std::tuple<int64_t, int64_t, int64_t>>{{32, 32, 1}, {64, 48, 1}, {32, 64, 2}}) {
          const NetworkSpec spec = dense(h, w, outputs);
          const torch::Tensor x = torch::randn({2, 3, h, w});
          auto supernet = space.make_supernet(spec);
          for (int i = 0; i < 3; ++i) {
            const Arch arch = space.random(rng);
            CAPTURE(space.format(arch));
            auto standalone = space.make_standalone(arch, spec);
            const torch::Tensor a = standalone->forward(x);
            const torch::Tensor b = supernet->forward(x, space.path(arch));
            CHECK(a.sizes() == torch::IntArrayRef({2, outputs, h, w}));
            CHECK(b.sizes() == torch::IntArrayRef({2, outputs, h, w}));
            CHECK(a.min().item<float>() >= 0);
            CHECK(b.min().item<float>() >= 0);
            CHECK(torch::isfinite(a).all().item<bool>());
          }
        }
      }
}

TEST_CASE("sync shares one weight set across the blocks; non-sync has four") {
  for (Version version : versions()) {
    const DepthFusionSpace sync(small_options(version, Mode::sync));
    const DepthFusionSpace non_sync(small_options(version, Mode::non_sync));
    auto a = sync.make_supernet(dense(32, 32));
    auto b = non_sync.make_supernet(dense(32, 32));
    // One cell's candidates and one set of upsamplers, built alone.
    SuperCell cell(sync.encoding().cell(), 8, sync.options().supernet_bn);
    int64_t one_set = parameter_count(*cell);
    for (int up = 0; up < (version == Version::v2 ? kNumUpsamplings : 1); ++up) one_set += parameter_count(*Upsampler(up, 8));
    CAPTURE(version_name(version));
    CHECK(one_set > 0);
    CHECK(parameter_count(*b) - parameter_count(*a) == 3 * one_set);
    CHECK(has_parameter(*a, "cells.0."));
    CHECK_FALSE(has_parameter(*a, "cells.1."));
    CHECK(has_parameter(*b, "cells.3."));
    CHECK(has_parameter(*a, "cells.0.edges.4<-3.conv_3x3.op.1.weight"));
    CHECK(has_parameter(*a, "projections.3.weight"));  // projections are per block in both
  }
}

TEST_CASE("sync: the shared cell's weights act in every block") {
  // A path whose cell convolves the previous input: changing the one shared
  // weight changes all four blocks, so the gradient gathers from each.
  torch::manual_seed(2);
  const DepthFusionSpace sync(small_options(Version::v1, Mode::sync));
  const CellShape& shape = sync.encoding().cell();
  const Arch arch = arch_from_cells(sync.encoding(), {cell(shape, {{4, 0, kConv3x3}, {4, 1, kSkipConnect}})});
  auto net = sync.make_supernet(dense(32, 32));
  net->forward(torch::randn({2, 3, 32, 32}), sync.path(arch)).sum().backward();
  torch::Tensor grad;
  for (const auto& item : net->named_parameters())
    if (item.key() == "cells.0.edges.4<-0.conv_3x3.op.1.weight") grad = item.value().grad();
  REQUIRE(grad.defined());
  CHECK(grad.abs().sum().item<double>() > 0);
}

TEST_CASE("a path trains only its own ops") {
  torch::manual_seed(3);
  const DepthFusionSpace space(small_options(Version::v2, Mode::non_sync));
  const CellShape& shape = space.encoding().cell();
  const std::vector<int> c = cell(shape, {{2, 0, kConv1x1}, {4, 2, kConv3x3}, {4, 1, kSkipConnect}, {3, 1, kConv3x3}});
  const Arch arch = arch_from_cells(space.encoding(), {c, c, c, c}, {kTransposedConv, kPixelShuffle, kBilinear, kBicubic});
  auto net = space.make_supernet(dense(32, 32));
  net->forward(torch::randn({2, 3, 32, 32}), space.path(arch)).sum().backward();
  auto grad_of = [&](const std::string& name) {
    for (const auto& item : net->named_parameters())
      if (item.key() == name) return item.value().grad();
    FAIL("no parameter " << name);
    return torch::Tensor();
  };
  CHECK(grad_of("cells.0.edges.2<-0.conv_1x1.op.1.weight").defined());
  CHECK(grad_of("cells.3.edges.4<-2.conv_3x3.op.1.weight").defined());
  CHECK_FALSE(grad_of("cells.0.edges.2<-0.conv_3x3.op.1.weight").defined());  // not chosen
  CHECK_FALSE(grad_of("cells.0.edges.3<-1.conv_3x3.op.1.weight").defined());  // chosen, but node 3 is dead
  CHECK(grad_of("upsamplers.0.transposed_conv.transposed.weight").defined());
  CHECK(grad_of("upsamplers.1.pixel_shuffle.expand.weight").defined());
  CHECK_FALSE(grad_of("upsamplers.0.pixel_shuffle.expand.weight").defined());
  CHECK(grad_of("head.out.weight").defined());
}

TEST_CASE("path weights: straight-through scaling, a gradient for every gene") {
  torch::manual_seed(4);
  for (Mode mode : modes()) {
    const DepthFusionSpace space(small_options(Version::v2, mode));
    auto net = space.make_supernet(dense(32, 32));
    const CellShape& shape = space.encoding().cell();
    const std::vector<int> c = cell(shape, {{2, 1, kConv3x3}, {4, 2, kSkipConnect}, {4, 0, kAvgPool3x3}, {3, 0, kConv1x1}});
    std::vector<std::vector<int>> cells(static_cast<size_t>(space.encoding().num_cells()), c);
    const Arch arch = arch_from_cells(space.encoding(), cells, {kPixelShuffle, kBicubic, kBilinear, kTransposedConv});
    const torch::Tensor x = torch::randn({2, 3, 32, 32});
    net->eval();  // batch statistics either way; keeps the two forwards comparable
    const torch::Tensor plain = net->forward(x, space.path(arch));
    Path path = space.path(arch);
    path.weights = torch::ones({space.encoding().num_genes()}, torch::requires_grad());
    const torch::Tensor weighted = net->forward(x, path);
    CHECK(torch::allclose(plain, weighted));
    weighted.mean().backward();
    const torch::Tensor grad = path.weights.grad();
    REQUIRE(grad.defined());
    CHECK(torch::isfinite(grad).all().item<bool>());
    for (int cidx = 0; cidx < space.encoding().num_cells(); ++cidx) {
      auto g = [&](int to, int from) { return grad[space.encoding().edge_gene(cidx, shape.edge_index(to, from))].item<double>(); };
      CAPTURE(cidx);
      CHECK(g(2, 1) != 0);
      CHECK(g(4, 0) != 0);
      CHECK(g(4, 1) == 0);  // none
      CHECK(g(3, 0) == 0);  // dead: node 3 reaches nothing
      CHECK(grad[space.encoding().upsampling_gene(cidx)].item<double>() != 0);
    }
    CHECK_THROWS_AS(net->forward(x, Path(arch.genes, torch::ones({3}))), std::invalid_argument);
  }
}

TEST_CASE("v2: every upsampling doubles the size, in the networks too") {
  torch::manual_seed(5);
  const torch::Tensor x = torch::randn({2, 8, 4, 6});
  for (int up = 0; up < kNumUpsamplings; ++up) {
    CAPTURE(kUpsamplingNames[static_cast<size_t>(up)]);
    CHECK(Upsampler(up, 8)->forward(x).sizes() == torch::IntArrayRef({2, 8, 8, 12}));
  }
  // Bilinear with align_corners keeps the corners.
  const torch::Tensor y = Upsampler(kBilinear, 8)->forward(x);
  CHECK(torch::allclose(y.index({torch::indexing::Slice(), torch::indexing::Slice(), 0, 0}),
                        x.index({torch::indexing::Slice(), torch::indexing::Slice(), 0, 0})));

  const DepthFusionSpace space(small_options(Version::v2, Mode::non_sync));
  const CellShape& shape = space.encoding().cell();
  const std::vector<int> c = cell(shape, {{4, 0, kConv3x3}, {4, 1, kSkipConnect}});
  auto supernet = space.make_supernet(dense(32, 48));
  for (int up = 0; up < kNumUpsamplings; ++up) {
    const Arch arch = arch_from_cells(space.encoding(), {c, c, c, c}, {up, up, up, up});
    const torch::Tensor input = torch::randn({1, 3, 32, 48});
    CHECK(space.make_standalone(arch, dense(32, 48))->forward(input).sizes() == torch::IntArrayRef({1, 1, 32, 48}));
    CHECK(supernet->forward(input, space.path(arch)).sizes() == torch::IntArrayRef({1, 1, 32, 48}));
  }
}

TEST_CASE("stand-alone networks build only what reaches the output") {
  const DepthFusionSpace space(small_options(Version::v1, Mode::non_sync));
  const CellShape& shape = space.encoding().cell();
  const std::vector<int> previous_only = cell(shape, {{4, 0, kConv3x3}});
  const std::vector<int> encoder_only = cell(shape, {{4, 1, kConv3x3}, {2, 0, kConv1x1}});
  auto net = space.make_standalone(arch_from_cells(space.encoding(), {previous_only, previous_only, encoder_only, previous_only}),
                                   dense(32, 32));
  CHECK_FALSE(has_parameter(*net, "blocks.block1."));
  CHECK_FALSE(has_parameter(*net, "blocks.block2."));
  CHECK(has_parameter(*net, "blocks.block3.projection."));
  CHECK_FALSE(has_parameter(*net, "blocks.block3.edges.2<-0."));  // dead edge
  CHECK(has_parameter(*net, "blocks.block4.edges.4<-0."));
  CHECK_FALSE(has_parameter(*net, "blocks.block4.projection."));  // block 4 reads only its previous input
  CHECK(net->forward(torch::randn({1, 3, 32, 32})).sizes() == torch::IntArrayRef({1, 1, 32, 32}));

  const Arch invalid = arch_from_cells(space.encoding(), {previous_only, cell(shape, {}), previous_only, previous_only});
  CHECK(contains(message_of<UserError>([&] { space.make_standalone(invalid, dense(32, 32)); }), "block 2"));
  // The super-net runs it (a sampler may build such a path): that cell gives zeros.
  auto supernet = space.make_supernet(dense(32, 32));
  CHECK(supernet->forward(torch::randn({1, 3, 32, 32}), space.path(invalid)).sizes() == torch::IntArrayRef({1, 1, 32, 32}));
}

TEST_CASE("cost: parameters match the stand-alone modules") {
  for (Version version : versions())
    for (Mode mode : modes())
      for (bool affine : {true, false}) {
        DepthFusionOptions options = small_options(version, mode);
        options.standalone_bn.affine = affine;
        options.encoder_blocks = 2;
        const DepthFusionSpace space(options);
        Rng rng(Rng::derive(21, std::string(version_name(version)) + mode_name(mode)));
        for (int i = 0; i < 8; ++i) {
          const Arch arch = space.random(rng);
          CAPTURE(space.format(arch));
          CHECK(space.cost(arch, dense(32, 32)).params == parameter_count(*space.make_standalone(arch, dense(32, 32))));
        }
      }
}

TEST_CASE("cost: multiply-adds by hand for one small network") {
  DepthFusionOptions options = small_options(Version::v2, Mode::sync);  // F = 8, encoder 4, 8, 8, 16
  const DepthFusionSpace space(options);
  const CellShape& shape = space.encoding().cell();
  // A conv_3x3 on the previous block plus the encoder feature; every block
  // is live and reads its projection. Transposed-conv upsampling.
  const Arch arch = arch_from_cells(space.encoding(), {cell(shape, {{4, 0, kConv3x3}, {4, 1, kSkipConnect}})},
                                    {kTransposedConv});
  // 32x32 input: features at 16x16, 8x8, 4x4, 2x2.
  const int64_t encoder = 3 * 4 * 9 * 256                                   // stem
                          + (4 * 4 * 9 + 4 * 4 * 9) * 256                   // stage 1
                          + (4 * 8 * 9 + 8 * 8 * 9 + 4 * 8) * 64            // stage 2 + shortcut
                          + (8 * 8 * 9 + 8 * 8 * 9 + 8 * 8) * 16            // stage 3
                          + (8 * 16 * 9 + 16 * 16 * 9 + 8 * 16) * 4;        // stage 4
  int64_t decoder = 0;
  const int64_t pixels[4] = {4, 16, 64, 256};  // blocks 1..4
  const int64_t channels[4] = {16, 8, 8, 4};
  for (int b = 0; b < 4; ++b) {
    decoder += channels[b] * 8 * 9 * pixels[b];  // projection
    decoder += 8 * 8 * 9 * pixels[b];            // conv_3x3
    decoder += 8 * 8 * 16 * pixels[b];           // transposed conv k4 s2: 16 taps per input pixel
  }
  const int64_t head = 8 * 4 * 9 * 1024 + 4 * 32 * 9 * 1024 + 32 * 1 * 1024;
  CHECK(space.cost(arch, dense(32, 32)).mflops == doctest::Approx((encoder + decoder + head) / 1e6));
}
