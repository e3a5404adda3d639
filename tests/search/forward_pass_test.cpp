#include "kernel/search/forward_pass.h"

#include "classification_task.h"
#include "nb201_space.h"

#include <ATen/autocast_mode.h>
#include <doctest/doctest.h>

using namespace naskernel;
using naskernel::classification::ClassificationTask;
using naskernel::nb201::Nb201Space;

namespace {

struct TinySupernet {
  ClassificationTask task{Config(toml::table{{"dataset", "synthetic"}, {"classes", 4}, {"channels", 1},
                                             {"image_size", 8}, {"train_size", 200}, {"test_size", 40}},
                                 "task")};
  std::unique_ptr<Nb201Space> space;
  std::shared_ptr<SuperNet> supernet;
  Batch batch;

  TinySupernet() {
    task.load(3);
    nb201::Nb201Options options;
    options.channels = 8;
    options.cells = 1;
    space = std::make_unique<Nb201Space>(options);
    torch::manual_seed(1);
    supernet = space->make_supernet(task.network());
    supernet->train();
    batch = task.batch(Split::search_train, torch::arange(0, 32, torch::kInt64), nullptr);
  }
  // Every operation: 1x1 and 3x3 convolutions, pooling and skips.
  Path path() const { return space->path(space->parse("|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|avg_pool_3x3~2|")); }
};

Precision read(const std::string& toml_text) {
  auto table = toml::parse(toml_text);
  return read_precision(Config(*table["supernet"].as_table(), "supernet"), "precision");
}

MemoryLayout read_layout(const std::string& toml_text) {
  auto table = toml::parse(toml_text);
  return read_memory_layout(Config(*table["supernet"].as_table(), "supernet"), "memory_layout");
}

const ForwardPass kExact{Precision::fp32, MemoryLayout::contiguous};
const ForwardPass kBfloat{Precision::bf16, MemoryLayout::contiguous};

}  // namespace

TEST_CASE("supernet precision reads fp32 (the default) and bf16, and names the key otherwise") {
  CHECK((read("[supernet]\n") == Precision::fp32));
  CHECK((read("[supernet]\nprecision = \"fp32\"\n") == Precision::fp32));
  CHECK((read("[supernet]\nprecision = \"bf16\"\n") == Precision::bf16));
  CHECK_THROWS_WITH_AS(read("[supernet]\nprecision = \"bf61\"\n"),
                       doctest::Contains("key `supernet.precision` must be one of fp32, bf16, got `bf61`"), ConfigError);
}

TEST_CASE("fp32 NCHW forward is the network's own; bf16 gives fp32 outputs close to it, and gradients in fp32") {
  TinySupernet t;
  const Path path = t.path();
  const torch::Tensor exact = t.supernet->forward(t.batch.input, path);
  CHECK(torch::equal(forward_in(kExact, *t.supernet, t.batch.input, path), exact));

  const torch::Tensor low = forward_in(kBfloat, *t.supernet, t.batch.input, path);
  CHECK((low.dtype() == torch::kFloat));
  CHECK_FALSE(torch::equal(low, exact));  // the convolutions did run in bfloat16
  // bfloat16 keeps 8 significant bits: relative error of a few 1e-3 per operation.
  const double error = (low - exact).abs().max().item<double>(), scale = exact.abs().max().item<double>();
  CHECK(error < 0.05 * scale);

  const torch::Tensor loss = t.task.loss(low, t.batch);
  loss.backward();
  int64_t with_gradient = 0;
  for (const auto& p : t.supernet->parameters())
    if (p.grad().defined()) {
      CHECK((p.grad().dtype() == torch::kFloat));
      CHECK((p.dtype() == torch::kFloat));
      CHECK(torch::isfinite(p.grad()).all().item<bool>());
      ++with_gradient;
    }
  CHECK(with_gradient > 0);
}

TEST_CASE("bf16 forward leaves autocast as it found it") {
  TinySupernet t;
  REQUIRE_FALSE(at::autocast::is_cpu_enabled());
  forward_in(kBfloat, *t.supernet, t.batch.input, t.path());
  CHECK_FALSE(at::autocast::is_cpu_enabled());
  CHECK((at::autocast::get_autocast_cpu_dtype() == at::kBFloat16));  // LibTorch's own default
  CHECK((t.supernet->forward(t.batch.input, t.path()).dtype() == torch::kFloat));
}

TEST_CASE("supernet memory_layout reads auto (the default), contiguous and channels_last, and names the key otherwise") {
  CHECK((read_layout("[supernet]\n") == MemoryLayout::automatic));
  CHECK((read_layout("[supernet]\nmemory_layout = \"contiguous\"\n") == MemoryLayout::contiguous));
  CHECK((read_layout("[supernet]\nmemory_layout = \"channels_last\"\n") == MemoryLayout::channels_last));
  CHECK_THROWS_WITH_AS(read_layout("[supernet]\nmemory_layout = \"channel_last\"\n"),
                       doctest::Contains("key `supernet.memory_layout` must be one of auto, contiguous, channels_last, "
                                         "got `channel_last` (did you mean `channels_last`?)"),
                       ConfigError);
}

TEST_CASE("in_layout reorders image batches only, and auto means channels-last on the CPU") {
  const auto images = torch::randn({2, 3, 4, 5});
  const auto nhwc = in_layout(MemoryLayout::channels_last, images);
  CHECK(nhwc.is_contiguous(torch::MemoryFormat::ChannelsLast));
  CHECK_FALSE(nhwc.is_contiguous());
  CHECK(torch::equal(nhwc, images));  // the same values, elsewhere in memory
  CHECK(in_layout(MemoryLayout::automatic, images).is_contiguous(torch::MemoryFormat::ChannelsLast));
  CHECK(in_layout(MemoryLayout::contiguous, nhwc).is_contiguous());
  const auto features = torch::randn({2, 3});
  CHECK(in_layout(MemoryLayout::channels_last, features).is_same(features));
}

TEST_CASE("a channels-last forward and its gradients agree with NCHW up to float reordering") {
  TinySupernet t;
  t.batch.input = torch::randn({32, 3, 8, 8});  // three channels, so the two layouts differ in memory
  torch::manual_seed(2);
  auto net = t.space->make_supernet(NetworkSpec{3, 8, 8, OutputKind::classes, 4});
  net->train();
  const Path path = t.path();

  const auto gradients_of = [&](const ForwardPass& pass) {
    for (auto& p : net->parameters()) p.mutable_grad() = torch::Tensor();
    const torch::Tensor output = forward_in(pass, *net, t.batch.input, path);
    t.task.loss(output, t.batch).backward();
    std::vector<torch::Tensor> out{output.detach().contiguous()};
    for (const auto& p : net->parameters())
      if (p.grad().defined()) out.push_back(p.grad().contiguous());
    return out;
  };
  const auto nchw = gradients_of(kExact);
  const auto nhwc = gradients_of(ForwardPass{Precision::fp32, MemoryLayout::channels_last});
  REQUIRE(nchw.size() == nhwc.size());
  REQUIRE(nchw.size() > 1);
  for (size_t i = 0; i < nchw.size(); ++i) {
    CHECK((nhwc[i].dtype() == torch::kFloat));
    CHECK(torch::allclose(nhwc[i], nchw[i], 1e-4, 1e-5));
  }
}
