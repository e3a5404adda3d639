// The TorchScript encoder: a module scripted here in C++ (Module::define),
// saved, and loaded through `encoder_file`, end to end; and its errors.
#include "df_encoders.h"
#include "df_space.h"
#include "df_test_util.h"

#include <naskernel/errors.h>

#include <doctest/doctest.h>

#include <torch/script.h>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>

using namespace naskernel;
using namespace naskernel::depth_fusion;
using namespace df_test;

namespace {

std::filesystem::path temp_file(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() / ("naskernel_depth_fusion_test_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  return dir / name;
}

// A scripted encoder: a conv + BN stem to 1/(2^first), then pooled convs
// down to four scales; `maps` feature maps returned as a tuple.
std::string save_encoder(const std::string& name, int first, int maps = 4) {
  torch::jit::Module stem("Stem");
  stem.register_parameter("weight", torch::randn({6, 3, 3, 3}) * 0.1, false);
  stem.register_parameter("bn_weight", torch::ones({6}), false);
  stem.register_buffer("running_mean", torch::zeros({6}));
  stem.register_attribute("training", c10::BoolType::get(), true);
  stem.define(R"(
def forward(self, x):
    y = torch.conv2d(x, self.weight, None, 1, 1)
    if self.training:
        self.running_mean.mul_(0.9).add_(0.1 * y.detach().mean([0, 2, 3]))
    return torch.relu(y * self.bn_weight.view(1, -1, 1, 1))
)");
  torch::jit::Module encoder("Encoder");
  encoder.register_attribute("training", c10::BoolType::get(), true);
  encoder.register_module("stem", stem);
  encoder.register_parameter("w2", torch::randn({10, 6, 1, 1}) * 0.1, false);
  encoder.register_parameter("w3", torch::randn({12, 10, 1, 1}) * 0.1, false);
  encoder.register_parameter("w4", torch::randn({14, 12, 1, 1}) * 0.1, false);
  const std::string pool_first = first == 1 ? "torch.avg_pool2d(x, 2)" : "torch.avg_pool2d(x, 4)";
  const std::string returned = maps == 4 ? "(a, b, c, d)" : "(a, b, c)";
  encoder.define(R"(
def forward(self, x):
    a = self.stem.forward()" + pool_first + R"()
    b = torch.conv2d(torch.avg_pool2d(a, 2), self.w2)
    c = torch.conv2d(torch.avg_pool2d(b, 2), self.w3)
    d = torch.conv2d(torch.avg_pool2d(c, 2), self.w4)
    return )" + returned + "\n");
  const std::string file = temp_file(name).string();
  encoder.save(file);
  return file;
}

constexpr int64_t kScriptParameters = 6 * 27 + 6 + 10 * 6 + 12 * 10 + 14 * 12;

DepthFusionOptions script_options(const std::string& file, bool freeze, Mode mode = Mode::sync) {
  DepthFusionOptions options;
  options.mode = mode;
  options.features = 8;
  options.encoder_file = file;
  options.freeze_encoder = freeze;
  return options;
}

NetworkSpec dense(int64_t height, int64_t width) { return NetworkSpec{3, height, width, OutputKind::dense, 1}; }

}  // namespace

TEST_CASE("a TorchScript encoder at 1/2..1/16 drives both networks") {
  torch::manual_seed(6);
  const std::string file = save_encoder("half.pt", 1);
  const DepthFusionSpace space(script_options(file, false, Mode::non_sync));
  Rng rng(4);
  const Arch arch = space.random(rng);
  auto net = space.make_standalone(arch, dense(32, 32));
  const torch::Tensor x = torch::randn({2, 3, 32, 32});
  const torch::Tensor y = net->forward(x);
  CHECK(y.sizes() == torch::IntArrayRef({2, 1, 32, 32}));
  CHECK(y.min().item<float>() >= 0);
  // The script's parameters and buffers are the network's, under `encoder.`.
  bool found_stem = false;
  for (const auto& item : net->named_parameters()) found_stem |= item.key() == "encoder.stem.weight";
  CHECK(found_stem);
  bool found_buffer = false;
  for (const auto& item : net->named_buffers()) found_buffer |= item.key() == "encoder.stem.running_mean";
  CHECK(found_buffer);
  CHECK(space.cost(arch, dense(32, 32)).params == [&] {
    int64_t n = 0;
    for (const auto& p : net->parameters()) n += p.numel();
    return n;
  }());
  // Trained jointly: gradients reach the script's weights, and its BN-like buffer moves in training mode.
  y.mean().backward();
  torch::Tensor stem_grad;
  torch::Tensor running_mean;
  for (const auto& item : net->named_parameters())
    if (item.key() == "encoder.stem.weight") stem_grad = item.value().grad();
  for (const auto& item : net->named_buffers())
    if (item.key() == "encoder.stem.running_mean") running_mean = item.value();
  REQUIRE(stem_grad.defined());
  CHECK(stem_grad.abs().sum().item<double>() > 0);
  CHECK(running_mean.abs().sum().item<double>() > 0);

  auto supernet = space.make_supernet(dense(32, 32));
  CHECK(supernet->forward(x, space.path(arch)).sizes() == torch::IntArrayRef({2, 1, 32, 32}));

  // Moving the network moves the script's own tensors (they are shared).
  net->to(torch::kFloat64);
  CHECK((net->forward(x.to(torch::kFloat64)).scalar_type() == torch::kFloat64));
}

TEST_CASE("a frozen TorchScript encoder at 1/4..1/32 takes no gradient and keeps its statistics") {
  torch::manual_seed(7);
  const std::string file = save_encoder("quarter.pt", 2);
  const DepthFusionSpace frozen(script_options(file, true));
  const DepthFusionSpace trained(script_options(file, false));
  Rng rng(5);
  const Arch arch = frozen.random(rng);
  auto net = frozen.make_standalone(arch, dense(64, 64));
  net->train();
  const torch::Tensor y = net->forward(torch::randn({2, 3, 64, 64}));
  CHECK(y.sizes() == torch::IntArrayRef({2, 1, 64, 64}));  // the head upsamples the last x2
  y.mean().backward();
  for (const auto& item : net->named_parameters())
    if (item.key().rfind("encoder.", 0) == 0) {
      CHECK_FALSE(item.value().requires_grad());
      CHECK_FALSE(item.value().grad().defined());
    }
  for (const auto& item : net->named_buffers())
    if (item.key() == "encoder.stem.running_mean") CHECK(item.value().abs().sum().item<double>() == 0);
  CHECK(trained.cost(arch, dense(64, 64)).params - frozen.cost(arch, dense(64, 64)).params == kScriptParameters);
  CHECK(frozen.plan(dense(64, 64)).encoder.first_scale_log2 == 2);
  CHECK(frozen.plan(dense(64, 64)).encoder.channels == std::array<int64_t, 4>{6, 10, 12, 14});
  // 48 is not a multiple of 32: the script cannot deliver exact 1/32 maps.
  CHECK(contains(message_of<UserError>([&] { frozen.make_supernet(dense(48, 48)); }), "for an input of 48x48"));
}

TEST_CASE("TorchScript encoder errors name the file and the problem") {
  const std::string three = save_encoder("three.pt", 1, 3);
  CHECK(contains(message_of<UserError>([&] { DepthFusionSpace(script_options(three, false)).make_supernet(dense(32, 32)); }),
                 "must return 4 feature maps"));

  const std::string garbage = temp_file("garbage.pt").string();
  std::ofstream(garbage) << "not a TorchScript archive";
  const std::string message =
      message_of<UserError>([&] { DepthFusionSpace(script_options(garbage, false)).make_supernet(dense(32, 32)); });
  CHECK(contains(message, "is not a loadable TorchScript module"));
  CHECK(contains(message, garbage));

  // A size the script cannot reduce to four scales.
  const std::string half = save_encoder("half_sizes.pt", 1);
  torch::jit::Module wrong("Wrong");
  wrong.register_attribute("training", c10::BoolType::get(), true);
  wrong.define(R"(
def forward(self, x):
    return [x, x, x, x]
)");
  const std::string same = temp_file("same.pt").string();
  wrong.save(same);
  CHECK(contains(message_of<UserError>([&] { DepthFusionSpace(script_options(same, false)).make_supernet(dense(32, 32)); }),
                 "must be at 1/2..1/16 or 1/4..1/32"));

  const Config missing = Config::parse("__section__ = \"search_space\"\nencoder_file = \"/nonexistent/e.pt\"\n");
  CHECK(contains(message_of<ConfigError>([&] { DepthFusionSpace space(missing); }), "`search_space.encoder_file`"));
  const Config both = Config::parse("__section__ = \"search_space\"\nencoder_file = \"" + half +
                                    "\"\nencoder_channels = [1, 2, 3, 4]\n");
  CHECK(contains(message_of<ConfigError>([&] { DepthFusionSpace space(both); }), "configures the built-in encoder"));
  std::filesystem::remove_all(temp_file("").parent_path());
}
