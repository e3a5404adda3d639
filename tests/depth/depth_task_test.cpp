// The depth task on synthetic scenes: network spec, splits, batches,
// augmentation of image and target together, loss, metrics, key schema.
#include "test_util.h"

#include "depth_augmentation.h"
#include "depth_task.h"

#include <doctest/doctest.h>

#include <naskernel/plugin.h>

#include <torch/torch.h>

#include <set>

using namespace naskernel::depth;
using naskernel::Split;
using depth_test::task_config;

namespace {

DepthTask small_task(const std::string& extra = "") {
  const naskernel::Config config = task_config("train_size = 40\ntest_size = 10\nimage_size = 16\n" + extra);
  DepthTask task(config);
  config.finish();
  return task;
}

std::set<int64_t> members(const DepthTask& task, Split split) {
  const torch::Tensor s = task.source_indices(split);
  return std::set<int64_t>(s.data_ptr<int64_t>(), s.data_ptr<int64_t>() + s.numel());
}

}  // namespace

TEST_CASE("the depth task asks for one dense channel at the input size") {
  const DepthTask task = small_task();
  const naskernel::NetworkSpec spec = task.network();
  CHECK(spec.channels == 3);
  CHECK(spec.height == 16);
  CHECK(spec.width == 16);
  CHECK(spec.output == naskernel::OutputKind::dense);
  CHECK(spec.outputs == 1);
  const naskernel::Config wide_config = task_config("image_size = [16, 24]\n");
  CHECK(DepthTask(wide_config).network().width == 24);
  CHECK_THROWS_AS(task.size(Split::train), std::logic_error);  // before load()
}

TEST_CASE("splits: the search splits are disjoint, train is the full set, test the test set") {
  DepthTask task = small_task();
  task.load(0);
  CHECK(task.size(Split::search_valid) == 4);
  CHECK(task.size(Split::search_train) == 18);
  CHECK(task.size(Split::search_landmark) == 18);
  CHECK(task.size(Split::train) == 40);
  CHECK(task.size(Split::test) == 10);
  const auto train = members(task, Split::search_train), landmark = members(task, Split::search_landmark),
             valid = members(task, Split::search_valid);
  for (int64_t i : train) CHECK((!landmark.count(i) && !valid.count(i)));
  for (int64_t i : landmark) CHECK(!valid.count(i));
  const auto before = task.source_indices(Split::search_valid).clone();
  task.load(1);
  CHECK(!task.source_indices(Split::search_valid).equal(before));
  task.load(0);
  CHECK(task.source_indices(Split::search_valid).equal(before));
}

TEST_CASE("batches: normalised RGB input, disparity and mask target, deterministic") {
  DepthTask task = small_task();
  task.load(0);
  const torch::Tensor indices = torch::tensor({0, 3, 5}, torch::kLong);
  const naskernel::Batch batch = task.batch(Split::search_train, indices, nullptr);
  CHECK(batch.input.sizes() == torch::IntArrayRef({3, 3, 16, 16}));
  CHECK(batch.target.sizes() == torch::IntArrayRef({3, 2, 16, 16}));
  CHECK((batch.input.scalar_type() == torch::kFloat));
  CHECK(batch.target.select(1, 1).min().item<float>() == 1.0f);  // synthetic scenes are valid everywhere
  // Median normalisation: each image's median disparity is 1.
  for (int64_t b = 0; b < 3; ++b)
    CHECK(batch.target[b][0].reshape({-1}).median().item<float>() == doctest::Approx(1.0f));
  // Computed normalisation: the training set's channels have mean 0 and std 1.
  const naskernel::Batch all = task.batch(Split::train, torch::arange(40), nullptr);
  for (int64_t c = 0; c < 3; ++c) {
    CHECK(all.input.select(1, c).mean().item<double>() == doctest::Approx(0.0).epsilon(1e-4).scale(1));
    CHECK(all.input.select(1, c).std(false).item<double>() == doctest::Approx(1.0).epsilon(1e-3));
  }
  CHECK(task.batch(Split::search_train, indices, nullptr).input.equal(batch.input));
  CHECK(!task.batch(Split::test, indices, nullptr).input.equal(batch.input));
  CHECK_THROWS_AS(task.batch(Split::search_valid, torch::tensor({4}, torch::kLong), nullptr), std::out_of_range);
}

TEST_CASE("flip augmentation mirrors image and target together; other splits stay untouched") {
  DepthTask task = small_task("augment = { search_train = [\"flip\"] }\n");
  task.load(0);
  const torch::Tensor indices = torch::arange(18);
  const naskernel::Batch plain = task.batch(Split::search_train, indices, nullptr);
  naskernel::Rng rng(4);
  const naskernel::Batch flipped = task.batch(Split::search_train, indices, &rng);
  int mirrored = 0;
  for (int64_t b = 0; b < 18; ++b) {
    const bool image_same = flipped.input[b].equal(plain.input[b]);
    const bool image_mirrored = flipped.input[b].equal(plain.input[b].flip({2}));
    const bool target_same = flipped.target[b].equal(plain.target[b]);
    const bool target_mirrored = flipped.target[b].equal(plain.target[b].flip({2}));
    CHECK((image_same || image_mirrored));
    CHECK(image_same == target_same);
    CHECK(image_mirrored == target_mirrored);
    mirrored += image_mirrored && !image_same;
  }
  CHECK(mirrored > 2);
  CHECK(mirrored < 16);
  naskernel::Rng other(4);
  CHECK(task.batch(Split::train, indices, &other).input.equal(task.batch(Split::train, indices, nullptr).input));
}

TEST_CASE("crop augmentation zooms image and target by the same window") {
  // Channel 0 of the image and the disparity both hold the column index,
  // channel 1 of the image the row index: after a crop, bilinear (image) and
  // nearest (target) sampling of the same window differ by at most half a pixel.
  const int64_t size = 16;
  const torch::Tensor columns = torch::arange(size, torch::kFloat).view({1, size}).expand({size, size});
  const torch::Tensor rows = columns.t();
  const torch::Tensor input = torch::stack({columns, rows, torch::zeros_like(rows)}).unsqueeze(0).repeat({8, 1, 1, 1});
  const torch::Tensor target = torch::stack({columns, torch::ones_like(rows)}).unsqueeze(0).repeat({8, 1, 1, 1});
  naskernel::Rng rng(2);
  const AugmentedBatch out = augment_depth_batch(input, target, Augmentation{true, true}, 0.5, rng);
  CHECK(out.input.sizes() == input.sizes());
  CHECK(out.target.sizes() == target.sizes());
  CHECK(out.target.select(1, 1).min().item<float>() == 1.0f);  // no invented invalid border
  CHECK((out.input.select(1, 0) - out.target.select(1, 0)).abs().max().item<float>() <= 0.5f + 1e-5f);
  int zoomed = 0, flipped = 0;
  for (int64_t b = 0; b < 8; ++b) {
    const torch::Tensor x = out.target[b][0];
    zoomed += (x.max() - x.min()).item<float>() < size - 1;
    flipped += (x[0][0] > x[0][size - 1]).item<bool>();
  }
  CHECK(zoomed > 0);
  CHECK(flipped > 0);
  CHECK(flipped < 8);
}

TEST_CASE("loss and metrics on a batch; shape errors name both shapes") {
  DepthTask task = small_task();
  task.load(0);
  const naskernel::Batch batch = task.batch(Split::search_valid, torch::arange(4), nullptr);
  const torch::Tensor output = torch::rand({4, 1, 16, 16}).requires_grad_(true);
  const torch::Tensor loss = task.loss(output, batch);
  CHECK(loss.dim() == 0);
  loss.backward();
  CHECK(output.grad().abs().sum().item<float>() > 0);
  CHECK(task.loss(batch.target.select(1, 0).unsqueeze(1), batch).item<float>() < 1e-5f);

  auto accumulator = task.accumulator();
  accumulator->add(output.detach(), batch);
  const std::vector<double> values = accumulator->values();
  REQUIRE(values.size() == task.metrics().size());
  CHECK(values[0] > 0);
  CHECK(values[2] >= 0);
  CHECK(values[2] <= 1);

  const std::string message = depth_test::error_message<std::invalid_argument>(
      [&] { task.loss(torch::zeros({4, 16, 16}), batch); });
  CHECK(depth_test::contains(message, "expects network output [batch, 1, height, width]"));
  CHECK(depth_test::contains(message, "got output [4, 16, 16] and target [4, 2, 16, 16]"));
}

TEST_CASE("every key the task reads is in its schema, and the fingerprint is the options'") {
  const naskernel::Config synthetic = task_config(
      "dataset = \"synthetic\"\nimage_size = 8\ntrain_size = 30\ntest_size = 5\nsynthetic_seed = 2\nobjects = 1\n"
      "texture_contrast = 0.5\nnoise = 0.0\nfog = 0.1\ndisparity_normalization = \"none\"\nnormalize = \"none\"\n"
      "augment = { train = [\"crop\"] }\ncrop_scale = 0.5\nloss = \"ssi_trimmed\"\nalpha = 0.1\nscales = 2\ntrim = 0.1\n"
      "search_train_fraction = 0.4\nsearch_valid_fraction = 0.2\nstandalone_train = \"search_train\"\n");
  const DepthTask task(synthetic);
  synthetic.finish();
  CHECK(naskernel::detail::undeclared_key(synthetic, DepthTask::keys()) == "");
  CHECK(task.fingerprint() == task.options().fingerprint());

  const naskernel::Config folders = task_config(
      "dataset = \"redweb\"\nroot = \"/nowhere\"\nsplit_file = \"s.txt\"\ndepth_encoding = \"depth\"\n"
      "depth_scale = 0.001\n");
  const DepthTask redweb(folders);
  CHECK(naskernel::detail::undeclared_key(folders, DepthTask::keys()) == "");
  const naskernel::Config seeded = task_config("dataset = \"image-depth-folder\"\nroot = \"/x\"\ntest_fraction = 0.3\nsplit_seed = 4\n");
  const DepthTask folder(seeded);
  CHECK(naskernel::detail::undeclared_key(seeded, DepthTask::keys()) == "");
  // Reading a folder data set that does not exist fails in load(), naming the folder.
  DepthTask missing(folders);
  CHECK(depth_test::contains(depth_test::error_message<naskernel::DataError>([&] { missing.load(0); }),
                             "ReDWeb folder /nowhere does not exist"));
}
