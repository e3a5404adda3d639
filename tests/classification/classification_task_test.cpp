#include "classification_task.h"
#include "test_data_files.h"

#include <naskernel/errors.h>

#include <doctest/doctest.h>

#include <set>

using namespace naskernel;
using namespace naskernel::classification;
using namespace classification_test;

namespace {

ClassificationTask make_task(const std::string& toml) {
  const Config config = Config::parse("__section__ = \"task\"\n" + toml);
  ClassificationTask task(config);
  config.finish();
  return task;
}

const char* kSynthetic = "dataset = \"synthetic\"\ntrain_size = 200\ntest_size = 100\nimage_size = 8\nchannels = 3\n";

std::vector<int64_t> to_vector(const torch::Tensor& t) {
  const torch::Tensor c = t.contiguous();
  return {c.data_ptr<int64_t>(), c.data_ptr<int64_t>() + c.numel()};
}

torch::Tensor first(int64_t n) { return torch::arange(n, torch::kLong); }

}  // namespace

TEST_CASE("shape comes from the configuration alone") {
  // A root that does not exist: network() must not need it.
  const NetworkSpec s = make_task("root = \"/nonexistent\"").network();
  CHECK(s.channels == 1);
  CHECK(s.height == 28);
  CHECK(s.width == 28);
  CHECK(s.outputs == 10);
  const NetworkSpec c = make_task("dataset = \"cifar-binary\"\nroot = \"/nonexistent\"\nvariant = \"cifar100\"\nresize = [16, 24]").network();
  CHECK(c.channels == 3);
  CHECK(c.height == 16);
  CHECK(c.width == 24);
  CHECK(c.outputs == 100);
}

TEST_CASE("search splits of the task are disjoint, sized and deterministic by seed") {
  ClassificationTask task = make_task(kSynthetic);
  task.load(11);
  CHECK(task.size(Split::search_valid) == 20);
  CHECK(task.size(Split::search_train) == 90);
  CHECK(task.size(Split::search_landmark) == 90);
  CHECK(task.size(Split::train) == 200);
  CHECK(task.size(Split::test) == 100);

  std::set<int64_t> seen;
  for (Split split : {Split::search_train, Split::search_landmark, Split::search_valid})
    for (int64_t i : to_vector(task.source_indices(split))) CHECK(seen.insert(i).second);  // never twice
  CHECK(seen.size() == 200);

  ClassificationTask same = make_task(kSynthetic);
  same.load(11);
  ClassificationTask other = make_task(kSynthetic);
  other.load(12);
  for (Split split : {Split::search_train, Split::search_landmark, Split::search_valid}) {
    CAPTURE(split_name(split));
    CHECK(task.source_indices(split).equal(same.source_indices(split)));
    CHECK(!task.source_indices(split).equal(other.source_indices(split)));
  }
  // Reloading with another seed redraws the splits of the same data.
  task.load(12);
  CHECK(task.source_indices(Split::search_train).equal(other.source_indices(Split::search_train)));

  ClassificationTask narrow = make_task(std::string(kSynthetic) + "standalone_train = \"search_train\"");
  narrow.load(11);
  CHECK(narrow.source_indices(Split::train).equal(same.source_indices(Split::search_train)));
}

TEST_CASE("batches gather the right samples and normalise") {
  ClassificationTask task = make_task(std::string(kSynthetic) + "normalize = \"none\"");
  task.load(0);
  const torch::Tensor indices = torch::tensor({5, 0, 17}, torch::kLong);
  const Batch batch = task.batch(Split::search_landmark, indices, nullptr);
  CHECK((batch.input.sizes() == torch::IntArrayRef({3, 3, 8, 8})));
  CHECK((batch.input.scalar_type() == torch::kFloat));
  CHECK((batch.target.scalar_type() == torch::kLong));
  // Synthetic labels cycle through the classes: label = source index % 10.
  const torch::Tensor rows = task.source_indices(Split::search_landmark).index_select(0, indices);
  CHECK(batch.target.equal(rows.remainder(10)));
  CHECK(batch.input.min().item<float>() >= 0.0f);
  CHECK(batch.input.max().item<float>() <= 1.0f);
  // The same sample through another split holding it gives the same input.
  const Batch via_train = task.batch(Split::train, rows, nullptr);
  CHECK(torch::allclose(via_train.input, batch.input));

  ClassificationTask computed = make_task(kSynthetic);
  computed.load(0);
  const Batch all = computed.batch(Split::train, first(200), nullptr);
  const torch::Tensor mean = all.input.mean({0, 2, 3});
  const torch::Tensor std = all.input.std({0, 2, 3}, /*unbiased=*/false);
  CHECK(mean.abs().max().item<float>() < 1e-3f);
  CHECK((std - 1).abs().max().item<float>() < 1e-3f);

  ClassificationTask given = make_task(std::string(kSynthetic) + "normalize = {mean = [0.5, 0.5, 0.5], std = [0.5, 0.25, 1.0]}");
  given.load(0);
  const torch::Tensor expected = (batch.input - 0.5) / torch::tensor({0.5f, 0.25f, 1.0f}).view({1, 3, 1, 1});
  CHECK(torch::allclose(given.batch(Split::search_landmark, indices, nullptr).input, expected, 1e-5, 1e-5));
}

TEST_CASE("batch refuses misuse") {
  ClassificationTask task = make_task(kSynthetic);
  CHECK_THROWS_AS(task.batch(Split::train, first(2), nullptr), std::logic_error);
  task.load(0);
  CHECK_THROWS_WITH_AS(task.batch(Split::search_valid, torch::tensor({20}, torch::kLong), nullptr),
                       doctest::Contains("outside split search_valid of 20 samples"), std::out_of_range);
  CHECK(task.batch(Split::test, torch::empty({0}, torch::kLong), nullptr).size() == 0);
}

TEST_CASE("augmentation is reproducible from the Rng state and does what it says") {
  ClassificationTask task = make_task(std::string(kSynthetic) +
                                      "normalize = \"none\"\ncrop_padding = 2\n"
                                      "augment = {search_train = [\"crop\", \"flip\"], train = [\"flip\"]}");
  task.load(3);
  const torch::Tensor indices = first(32);
  Rng a(99), b(99), c(100);
  const Batch x = task.batch(Split::search_train, indices, &a);
  CHECK(x.input.equal(task.batch(Split::search_train, indices, &b).input));
  CHECK(a.state() == b.state());
  CHECK(!x.input.equal(task.batch(Split::search_train, indices, &c).input));
  const Batch plain = task.batch(Split::search_train, indices, nullptr);
  CHECK(!x.input.equal(plain.input));
  CHECK(x.target.equal(plain.target));

  // Splits without augmentation ignore the Rng and leave it untouched.
  Rng untouched(5);
  const std::string before = untouched.state();
  CHECK(task.batch(Split::test, indices, &untouched).input.equal(task.batch(Split::test, indices, nullptr).input));
  CHECK(untouched.state() == before);

  // Flip only: every sample is itself or its mirror image.
  Rng flips(1);
  const torch::Tensor flipped = task.batch(Split::train, indices, &flips).input;
  const torch::Tensor original = task.batch(Split::train, indices, nullptr).input;
  int mirrored = 0;
  for (int64_t i = 0; i < 32; ++i) {
    const bool same = flipped[i].equal(original[i]);
    const bool mirror = flipped[i].equal(original[i].flip({2}));
    CHECK((same || mirror));
    mirrored += mirror && !same;
  }
  CHECK(mirrored > 4);
  CHECK(mirrored < 28);

  // Crop + flip: every sample is a window of the zero-padded (maybe mirrored) image.
  const torch::Tensor padded = torch::constant_pad_nd(plain.input, {2, 2, 2, 2}, 0);
  for (int64_t i = 0; i < 32; ++i) {
    bool found = false;
    for (int64_t dy = 0; dy <= 4 && !found; ++dy)
      for (int64_t dx = 0; dx <= 4 && !found; ++dx) {
        const torch::Tensor window = padded[i].narrow(1, dy, 8).narrow(2, dx, 8);
        found = x.input[i].equal(window) || x.input[i].equal(window.flip({2}));
      }
    CHECK(found);
  }
}

TEST_CASE("loss is cross entropy with label smoothing, graph kept") {
  ClassificationTask task = make_task(kSynthetic);
  torch::manual_seed(0);
  const torch::Tensor logits = torch::randn({6, 10}, torch::requires_grad());
  Batch batch;
  batch.target = torch::tensor({0, 3, 9, 2, 2, 7}, torch::kLong);

  const torch::Tensor plain = task.loss(logits, batch);
  const torch::Tensor reference = torch::nll_loss(torch::log_softmax(logits, 1), batch.target);
  CHECK(plain.item<double>() == doctest::Approx(reference.item<double>()).epsilon(1e-6));

  // Smoothed target distribution q = 0.8 one-hot + 0.2 / 10, loss = -sum q log p.
  const torch::Tensor q = torch::one_hot(batch.target, 10).to(torch::kFloat) * 0.8 + 0.02;
  const torch::Tensor expected = -(q * torch::log_softmax(logits, 1)).sum(1).mean();
  const torch::Tensor smoothed =
      make_task(std::string(kSynthetic) + "label_smoothing = 0.2\n").loss(logits, batch);
  CHECK(smoothed.item<double>() == doctest::Approx(expected.item<double>()).epsilon(1e-6));
  smoothed.backward();
  CHECK(logits.grad().defined());
  CHECK(logits.grad().abs().sum().item<double>() > 0);
}

TEST_CASE("metrics: top1 first, top5 when there are more than five classes") {
  ClassificationTask task = make_task(kSynthetic);
  const auto specs = task.metrics();
  REQUIRE(specs.size() == 2);
  CHECK(specs[0].name == "top1");
  CHECK(specs[0].higher_is_better);
  CHECK(specs[1].name == "top5");
  CHECK(make_task("dataset = \"synthetic\"\nclasses = 5").metrics().size() == 1);

  // Sample 0: target ranked 1st; sample 1: 3rd; sample 2: last.
  const torch::Tensor logits = torch::tensor({{9.f, 1.f, 2.f, 3.f, 4.f, 5.f, 6.f, 0.f, 0.f, 0.f},
                                              {9.f, 8.f, 7.f, 6.f, 5.f, 4.f, 3.f, 2.f, 1.f, 0.f},
                                              {9.f, 8.f, 7.f, 6.f, 5.f, 4.f, 3.f, 2.f, 1.f, 0.f}});
  Batch batch;
  batch.target = torch::tensor({0, 2, 9}, torch::kLong);
  const auto accumulator = task.accumulator();
  accumulator->add(logits, batch);
  std::vector<double> values = accumulator->values();
  REQUIRE(values.size() == 2);
  CHECK(values[0] == doctest::Approx(100.0 / 3));
  CHECK(values[1] == doctest::Approx(200.0 / 3));
  // A second batch of one sample (top-1 right): means over all four samples.
  Batch one;
  one.target = torch::tensor({1}, torch::kLong);
  accumulator->add(torch::tensor({{0.f, 9.f, 1.f, 2.f, 3.f, 4.f, 5.f, 6.f, 7.f, 8.f}}), one);
  values = accumulator->values();
  CHECK(values[0] == doctest::Approx(50.0));
  CHECK(values[1] == doctest::Approx(75.0));
  CHECK_THROWS_AS(task.accumulator()->values(), std::logic_error);
  CHECK_THROWS_AS(make_task(std::string(kSynthetic) + "label_smoothing = 1.5\n"), ConfigError);
}

TEST_CASE("synthetic data is learnable: a linear model beats chance by far in a few steps") {
  ClassificationTask task = make_task(
      "dataset = \"synthetic\"\ntrain_size = 2000\ntest_size = 500\nimage_size = 12\nnoise = 0.3\nlabel_smoothing = 0.1");
  task.load(0);
  torch::manual_seed(0);
  torch::nn::Linear model(144, 10);
  torch::optim::Adam optimizer(model->parameters(), torch::optim::AdamOptions(0.01));
  Rng order(1);
  const int64_t pool = task.size(Split::search_train);
  for (int step = 0; step < 60; ++step) {
    std::vector<int64_t> picks;
    for (int i = 0; i < 64; ++i) picks.push_back(order.uniform_int(0, pool - 1));
    const Batch batch = task.batch(Split::search_train, torch::tensor(picks, torch::kLong), &order);
    optimizer.zero_grad();
    const torch::Tensor loss = task.loss(model->forward(batch.input.flatten(1)), batch);
    loss.backward();
    optimizer.step();
  }
  torch::NoGradGuard no_grad;
  const Batch test = task.batch(Split::test, first(500), nullptr);
  const auto accumulator = task.accumulator();
  accumulator->add(model->forward(test.input.flatten(1)), test);
  const double top1 = accumulator->values()[0];
  MESSAGE("synthetic test top1 after 60 steps: " << top1 << " %");
  CHECK(top1 > 60.0);  // chance is 10 %
}

TEST_CASE("task reads IDX, CIFAR and image-folder data from files, with subset and resize") {
  TempFolder folder;
  const std::string root = folder.path().string();

  SUBCASE("idx with subset and resize") {
    std::vector<uint8_t> labels, pixels(40 * 64, 7), test_labels{1, 2, 3, 4, 5};
    for (int i = 0; i < 40; ++i) labels.push_back(static_cast<uint8_t>(i % 4));
    write_gzip(folder.file("train-images-idx3-ubyte.gz"), idx_images(40, 8, 8, pixels));
    write_gzip(folder.file("train-labels-idx1-ubyte.gz"), idx_labels(labels));
    write_bytes(folder.file("t10k-images-idx3-ubyte"), idx_images(5, 8, 8, std::vector<uint8_t>(5 * 64, 9)));
    write_bytes(folder.file("t10k-labels-idx1-ubyte"), idx_labels(test_labels));
    const std::string base = "root = \"" + root + "\"\nimage_size = 8\nnormalize = \"none\"\n";

    ClassificationTask task = make_task(base + "subset = {train = 20}\nresize = 4");
    task.load(0);
    CHECK(task.size(Split::train) == 20);
    CHECK(task.size(Split::test) == 5);
    const Batch batch = task.batch(Split::train, first(20), nullptr);
    CHECK((batch.input.sizes() == torch::IntArrayRef({20, 1, 4, 4})));
    CHECK(batch.target.bincount().equal(torch::full({4}, 5, torch::kLong)));  // class-balanced subset
    CHECK(torch::allclose(batch.input, torch::full_like(batch.input, 7.0 / 255)));
    CHECK(task.batch(Split::test, first(5), nullptr).target.equal(torch::tensor({1, 2, 3, 4, 5}, torch::kLong)));

    ClassificationTask too_many = make_task(base + "subset = {test = 6}");
    CHECK_THROWS_WITH_AS(too_many.load(0), doctest::Contains("`subset.test` asks for 6 images"), ConfigError);
    ClassificationTask wrong_stored = make_task("root = \"" + root + "\"\nimage_size = 9\nresize = 4");
    CHECK_THROWS_WITH_AS(wrong_stored.load(0), doctest::Contains("holds images of 8x8 (height x width) but `image_size` is 9x9"),
                         DataError);
    ClassificationTask wrong_size = make_task("root = \"" + root + "\"");
    CHECK_THROWS_WITH_AS(wrong_size.load(0), doctest::Contains("holds images of 8x8 (height x width) but the configuration implies 28x28"),
                         DataError);
  }
  SUBCASE("cifar-10") {
    std::vector<uint8_t> labels;
    for (int i = 0; i < 20; ++i) labels.push_back(static_cast<uint8_t>(i % 10));
    for (int b = 1; b <= 5; ++b) write_bytes(folder.file("data_batch_" + std::to_string(b) + ".bin"), cifar10_records(labels, b * 20));
    write_bytes(folder.file("test_batch.bin"), cifar10_records(labels, 0));
    ClassificationTask task = make_task("dataset = \"cifar-binary\"\nroot = \"" + root + "\"\nnormalize = \"none\"");
    task.load(0);
    CHECK(task.size(Split::train) == 100);
    CHECK(task.size(Split::test) == 20);
    const Batch batch = task.batch(Split::test, torch::tensor({3}, torch::kLong), nullptr);
    CHECK(batch.target.item<int64_t>() == 3);
    CHECK(batch.input[0][2][31][31].item<float>() == doctest::Approx(test_pixel(3, 2, 31, 31) / 255.0));
  }
  SUBCASE("image-folder") {
    for (int i = 0; i < 6; ++i) {
      write_image(root + "/train/" + (i % 2 ? "b" : "a") + "/" + std::to_string(i) + ".png", i, 3, 10 + i, 12);
      write_image(root + "/test/" + (i % 2 ? "b" : "a") + "/" + std::to_string(i) + ".png", i, 3, 12, 12);
    }
    for (int i = 6; i < 30; ++i) write_image(root + "/train/a/" + std::to_string(i) + ".png", i, 3, 12, 12);
    ClassificationTask task = make_task("dataset = \"image-folder\"\nroot = \"" + root + "\"\nclasses = 2\nresize = 6");
    CHECK(task.network().height == 6);
    task.load(0);
    CHECK(task.size(Split::train) == 30);
    CHECK(task.size(Split::test) == 6);
    CHECK((task.batch(Split::test, first(6), nullptr).input.sizes() == torch::IntArrayRef({6, 3, 6, 6})));
    ClassificationTask wrong_classes = make_task("dataset = \"image-folder\"\nroot = \"" + root + "\"\nclasses = 3\nresize = 6");
    CHECK_THROWS_WITH_AS(wrong_classes.load(0), doctest::Contains("has 2 class folders but `classes` is 3"), DataError);
  }
}
