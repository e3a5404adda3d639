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
