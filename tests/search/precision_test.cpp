#include "kernel/search/precision.h"

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

}  // namespace

TEST_CASE("supernet precision reads fp32 (the default) and bf16, and names the key otherwise") {
  CHECK((read("[supernet]\n") == Precision::fp32));
  CHECK((read("[supernet]\nprecision = \"fp32\"\n") == Precision::fp32));
  CHECK((read("[supernet]\nprecision = \"bf16\"\n") == Precision::bf16));
  CHECK_THROWS_WITH_AS(read("[supernet]\nprecision = \"bf61\"\n"),
                       doctest::Contains("key `supernet.precision` must be one of fp32, bf16, got `bf61`"), ConfigError);
}

TEST_CASE("fp32 forward is the network's own; bf16 gives fp32 outputs close to it, and gradients in fp32") {
  TinySupernet t;
  const Path path = t.path();
  const torch::Tensor exact = t.supernet->forward(t.batch.input, path);
  CHECK(torch::equal(forward_in(Precision::fp32, *t.supernet, t.batch.input, path), exact));

  const torch::Tensor low = forward_in(Precision::bf16, *t.supernet, t.batch.input, path);
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
  forward_in(Precision::bf16, *t.supernet, t.batch.input, t.path());
  CHECK_FALSE(at::autocast::is_cpu_enabled());
  CHECK((at::autocast::get_autocast_cpu_dtype() == at::kBFloat16));  // LibTorch's own default
  CHECK((t.supernet->forward(t.batch.input, t.path()).dtype() == torch::kFloat));
}
