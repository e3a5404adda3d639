#include "kernel/search/batch_norm_recalibration.h"
#include "kernel/search/evaluator.h"

#include "classification_task.h"
#include "nb201_space.h"

#include <doctest/doctest.h>

using namespace naskernel;
using naskernel::classification::ClassificationTask;
using naskernel::nb201::Nb201Space;

TEST_CASE("scoring by loss gives the negated mean task loss, so scores keep the metric's direction") {
  toml::table table{{"dataset", "synthetic"}, {"classes", 4}, {"channels", 1}, {"image_size", 8},
                    {"train_size", 200},      {"test_size", 40}};
  ClassificationTask task(Config(table, "task"));
  task.load(3);
  nb201::Nb201Options options;
  options.channels = 4;
  options.cells = 1;
  const Nb201Space space(options);
  torch::manual_seed(1);
  auto supernet = space.make_supernet(task.network());
  Rng rng(5);
  const std::vector<Arch> archs = {space.random(rng), space.random(rng), space.random(rng)};

  const Evaluator by_metric(task, space, torch::kCPU, 16, 2);
  const Evaluator by_loss(task, space, torch::kCPU, 16, 2, Split::search_valid, Evaluator::ScoreBy::loss);
  const auto losses = by_metric.mean_loss(*supernet, archs);
  const auto scores = by_loss.score(*supernet, archs);
  const auto accuracies = by_metric.score(*supernet, archs);
  REQUIRE(scores.size() == archs.size());
  for (size_t i = 0; i < archs.size(); ++i) {
    CHECK(scores[i] == doctest::Approx(-losses[i]));
    CHECK(accuracies[i] >= 0.0);  // top-1 in percent, not a loss
  }
}

namespace {

struct TinySearch {
  ClassificationTask task;
  std::unique_ptr<Nb201Space> space;
  std::shared_ptr<SuperNet> supernet;

  explicit TinySearch(bool track_running_stats)
      : task(Config(toml::table{{"dataset", "synthetic"}, {"classes", 4}, {"channels", 1}, {"image_size", 8},
                                {"train_size", 200}, {"test_size", 40}},
                    "task")) {
    task.load(3);
    nb201::Nb201Options options;
    options.channels = 4;
    options.cells = 1;
    options.supernet_bn.track_running_stats = track_running_stats;
    space = std::make_unique<Nb201Space>(options);
    torch::manual_seed(1);
    supernet = space->make_supernet(task.network());
    supernet->train();
  }
};

}  // namespace

TEST_CASE("the halves of split scores are the scores on the even and odd batches alone") {
  TinySearch t(false);
  Rng rng(5);
  const std::vector<Arch> archs = {t.space->random(rng), t.space->random(rng)};
  const Evaluator evaluator(t.task, *t.space, torch::kCPU, 6, 3, Split::search_valid, Evaluator::ScoreBy::loss);
  const SplitScores split = evaluator.split_scores(*t.supernet, archs);
  REQUIRE(split.even.size() == 2);
  // By hand: the per-batch losses of batches 0 and 2 (even) and 1 (odd), weighted by images.
  for (size_t i = 0; i < archs.size(); ++i) {
    const Path path = t.space->path(archs[i]);
    torch::NoGradGuard no_grad;
    double loss[3];
    for (int64_t b = 0; b < 3; ++b) {
      const Batch batch = t.task.batch(Split::search_valid, torch::arange(b * 6, (b + 1) * 6, torch::kInt64), nullptr);
      loss[b] = t.task.loss(t.supernet->forward(batch.input, path), batch).item<double>();
    }
    CHECK(split.even[i] == doctest::Approx(-(loss[0] + loss[2]) / 2));
    CHECK(split.odd[i] == doctest::Approx(-loss[1]));
    CHECK(split.all[i] == doctest::Approx(-(loss[0] + loss[1] + loss[2]) / 3));
  }
  const Evaluator one_batch(t.task, *t.space, torch::kCPU, 6, 1);
  CHECK(one_batch.split_scores(*t.supernet, archs).even.empty());
}

TEST_CASE("batch-norm recalibration scores in evaluation mode with per-path statistics and puts everything back") {
  TinySearch t(true);
  Rng rng(5);
  const std::vector<Arch> archs = {t.space->random(rng), t.space->random(rng)};
  // Some training-time running statistics to keep.
  {
    torch::NoGradGuard no_grad;
    const Batch batch = t.task.batch(Split::search_train, torch::arange(0, 32, torch::kInt64), nullptr);
    t.supernet->forward(batch.input, t.space->path(archs[0]));
  }
  // Recalibrated on search_train batch 0 and scored on that same batch: the
  // running statistics are that batch's, so evaluation mode reproduces the
  // training-mode (batch-statistics) loss up to the unbiased variance's n / (n - 1).
  const Evaluator recalibrated(t.task, *t.space, torch::kCPU, 32, 1, Split::search_train, Evaluator::ScoreBy::loss, 1);
  const Evaluator batch_statistics(t.task, *t.space, torch::kCPU, 32, 1, Split::search_train, Evaluator::ScoreBy::loss);
  std::vector<torch::Tensor> buffers_before;
  for (const auto& b : t.supernet->buffers()) buffers_before.push_back(b.clone());

  const auto with_recalibration = recalibrated.mean_loss(*t.supernet, archs);
  CHECK(t.supernet->is_training());
  const auto buffers_after = t.supernet->buffers();
  REQUIRE(buffers_after.size() == buffers_before.size());
  bool unchanged = true;
  for (size_t b = 0; b < buffers_after.size(); ++b) unchanged &= torch::equal(buffers_after[b], buffers_before[b]);
  CHECK(unchanged);  // scoring left the super-net's running statistics as training had them

  const auto with_batch_statistics = batch_statistics.mean_loss(*t.supernet, archs);
  for (size_t i = 0; i < archs.size(); ++i)
    CHECK(with_recalibration[i] == doctest::Approx(with_batch_statistics[i]).epsilon(1e-3));
  // Scored on other images, evaluation mode differs from their own batch statistics.
  const Evaluator other_images(t.task, *t.space, torch::kCPU, 32, 1, Split::search_valid, Evaluator::ScoreBy::loss, 1);
  const Evaluator other_batch_statistics(t.task, *t.space, torch::kCPU, 32, 1, Split::search_valid,
                                         Evaluator::ScoreBy::loss);
  CHECK(other_images.mean_loss(*t.supernet, archs)[0] !=
        doctest::Approx(other_batch_statistics.mean_loss(*t.supernet, archs)[0]).epsilon(1e-4));

  // A super-net without running statistics is refused, naming the key.
  TinySearch plain(false);
  CHECK_FALSE(has_running_batch_norm(*plain.supernet));
  CHECK(has_running_batch_norm(*t.supernet));
  const Config evaluation(toml::table{{"bn_recalibration_batches", 4}}, "evaluation");
  CHECK_THROWS_WITH_AS(check_batch_norm_recalibration(*plain.supernet, evaluation),
                       doctest::Contains("`evaluation.bn_recalibration_batches` = 4 re-estimates batch-norm running "
                                         "statistics, but this super-net's batch norms keep none"),
                       ConfigError);
  CHECK_NOTHROW(check_batch_norm_recalibration(*t.supernet, evaluation));
}
