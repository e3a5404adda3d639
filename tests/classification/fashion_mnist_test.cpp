#include "classification_task.h"

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>

using namespace naskernel;
using namespace naskernel::classification;

namespace {

bool fashion_mnist_present() {
  const std::filesystem::path root = "/usr/share/datasets/fashion-mnist";
  for (const char* stem : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                           "t10k-labels-idx1-ubyte"})
    if (!std::filesystem::exists(root / (std::string(stem) + ".gz")) && !std::filesystem::exists(root / stem))
      return false;
  return true;
}

}  // namespace

TEST_CASE("real Fashion-MNIST loads with the default configuration" * doctest::skip(!fashion_mnist_present())) {
  const Config config = Config::parse("");
  ClassificationTask task(config);
  config.finish();
  const auto start = std::chrono::steady_clock::now();
  task.load(0);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  MESSAGE("Fashion-MNIST train + test loaded in " << seconds << " s");

  CHECK(task.size(Split::train) == 60000);
  CHECK(task.size(Split::test) == 10000);
  CHECK(task.size(Split::search_valid) == 6000);
  CHECK(task.size(Split::search_train) == 27000);
  CHECK(task.size(Split::search_landmark) == 27000);
  const NetworkSpec shape = task.network();
  CHECK(shape.channels == 1);
  CHECK(shape.height == 28);
  CHECK(shape.width == 28);
  CHECK(shape.outputs == 10);

  const Batch train = task.batch(Split::train, torch::arange(60000, torch::kLong), nullptr);
  CHECK((train.input.sizes() == torch::IntArrayRef({60000, 1, 28, 28})));
  CHECK(train.target.bincount().equal(torch::full({10}, 6000, torch::kLong)));  // balanced classes
  CHECK(train.input.mean().item<double>() == doctest::Approx(0.0).epsilon(1e-3).scale(1));
  const Batch test = task.batch(Split::test, torch::arange(10000, torch::kLong), nullptr);
  CHECK(test.target.bincount().equal(torch::full({10}, 1000, torch::kLong)));
}
