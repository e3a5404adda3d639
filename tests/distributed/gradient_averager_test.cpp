#include "kernel/distributed/gradient_averager.h"

#include "kernel/distributed/process_group_collectives.h"

#include "two_ranks.h"

#include <doctest/doctest.h>

#include <mutex>

using namespace naskernel;
using naskernel::test::run_on_two_ranks;

namespace {

// Three parameters; the middle one is off this step's path (no gradient).
std::vector<torch::Tensor> parameters_with_gradients(int rank, bool middle_has_gradient) {
  std::vector<torch::Tensor> parameters;
  for (int i = 0; i < 3; ++i) {
    auto p = torch::zeros({2, 3}, torch::requires_grad());
    if (i != 1 || middle_has_gradient) p.mutable_grad() = torch::full({2, 3}, 1.0 + i + 10.0 * rank);
    parameters.push_back(p);
  }
  return parameters;
}

}  // namespace

TEST_CASE("gradients are averaged over ranks, bucket by bucket, leaving ones no rank has undefined") {
  for (int64_t bucket_bytes : {int64_t{1}, int64_t{32} << 20}) {  // one bucket per tensor, or one for all
    CAPTURE(bucket_bytes);
    std::mutex mutex;
    std::vector<std::vector<torch::Tensor>> results(2);
    std::vector<StepAgreement> agreements(2);
    run_on_two_ranks([&](Collectives& c) {
      auto parameters = parameters_with_gradients(c.rank(), false);
      GradientAverager averager(c, bucket_bytes);
      const auto agreed = averager.average(parameters, c.rank() == 1, c.rank() == 0 ? 1.0 : 3.0, 42);
      std::lock_guard<std::mutex> lock(mutex);
      results[c.rank()] = parameters;
      agreements[c.rank()] = agreed;
    });
    for (int r = 0; r < 2; ++r) {
      CHECK(torch::allclose(results[r][0].grad(), torch::full({2, 3}, 6.0)));   // (1 + 11) / 2
      CHECK_FALSE(results[r][1].grad().defined());
      CHECK(torch::allclose(results[r][2].grad(), torch::full({2, 3}, 8.0)));   // (3 + 13) / 2
      CHECK(agreements[r].stop);               // rank 1 asked to stop: both stop
      CHECK(agreements[r].task_loss == 2.0);   // the mean of 1 and 3
    }
  }
}

TEST_CASE("a gradient on one rank only is averaged as zero on the others") {
  // A landmark hinge left out on one rank's shard: rank 1 has no gradient
  // for the middle parameter, rank 0 has one of 2.
  std::mutex mutex;
  std::vector<torch::Tensor> middle(2);
  run_on_two_ranks([&](Collectives& c) {
    auto parameters = parameters_with_gradients(c.rank(), c.rank() == 0);
    GradientAverager(c).average(parameters, false, 0.0, 7);
    std::lock_guard<std::mutex> lock(mutex);
    middle[c.rank()] = parameters[1].grad();
  });
  for (const auto& g : middle) {
    REQUIRE(g.defined());
    CHECK(torch::allclose(g, torch::full({2, 3}, 1.0)));  // (2 + 0) / 2
  }
}

TEST_CASE("ranks that ran different paths are refused") {
  CHECK_THROWS_WITH_AS(run_on_two_ranks([](Collectives& c) {
                         auto parameters = parameters_with_gradients(c.rank(), true);
                         GradientAverager(c).average(parameters, false, 0.0, c.rank() == 0 ? 11 : 12);
                       }),
                       doctest::Contains("different super-net paths"), DistributedError);
}

TEST_CASE("with one process nothing travels") {
  Collectives single;
  auto parameters = parameters_with_gradients(0, true);
  const auto agreed = GradientAverager(single).average(parameters, true, 1.5, 3);
  CHECK(agreed.stop);
  CHECK(agreed.task_loss == 1.5);
  CHECK(torch::allclose(parameters[1].grad(), torch::full({2, 3}, 2.0)));
}

TEST_CASE("floating-point buffers (running statistics) become their mean over ranks; counters stay") {
  std::mutex mutex;
  std::vector<std::vector<double>> seen(2);
  run_on_two_ranks([&](Collectives& c) {
    auto mean = torch::full({3}, c.rank() == 0 ? 1.0 : 3.0);
    auto var = torch::full({2}, c.rank() == 0 ? 2.0 : 4.0, torch::kFloat64);
    auto count = torch::full({1}, 7, torch::kInt64);
    average_floating_buffers(c, {mean, var, count});
    std::lock_guard<std::mutex> lock(mutex);
    seen[c.rank()] = {mean[0].item<double>(), var[1].item<double>(), static_cast<double>(count.item<int64_t>())};
  });
  for (const auto& values : seen) CHECK(values == std::vector<double>{2.0, 3.0, 7.0});
}
