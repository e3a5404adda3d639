// AbsRel and delta1 after alignment, and the per-image mean of the accumulator.
#include "depth_metrics.h"
#include "ssi_loss.h"

#include <doctest/doctest.h>

#include <torch/torch.h>

#include <cmath>

using namespace naskernel::depth;

namespace {

// Prediction p = [1 2; 1 2], target disparity d = p + e with e = 0.3 [1 -1; -1 1],
// orthogonal to 1 and p, so the aligned prediction is p itself.
torch::Tensor hand_prediction() { return torch::tensor({1.0, 2.0, 1.0, 2.0}, torch::kDouble).view({1, 2, 2}); }
torch::Tensor hand_target() { return torch::tensor({1.3, 1.7, 0.7, 2.3}, torch::kDouble).view({1, 2, 2}); }

naskernel::Batch batch_of(const torch::Tensor& target, const torch::Tensor& mask) {
  naskernel::Batch batch;
  batch.input = torch::zeros({target.size(0), 3, target.size(1), target.size(2)});
  batch.target = torch::stack({target, mask}, 1).to(torch::kFloat);
  return batch;
}

}  // namespace

TEST_CASE("absrel and delta1 on a hand-made example") {
  const AlignedDepthErrors errors = aligned_depth_errors(hand_prediction(), hand_target(), torch::ones({1, 2, 2}, torch::kDouble));
  // z / z* = d / p = 1.3, 0.85, 0.7, 1.15: AbsRel = (0.3 + 0.15 + 0.3 + 0.15) / 4.
  CHECK(errors.absrel[0].item<double>() == doctest::Approx(0.225));
  // max(r, 1/r) = 1.3, 1.18, 1.43, 1.15: two of four below 1.25.
  CHECK(errors.delta1[0].item<double>() == doctest::Approx(0.5));
  // Invariant to scale and shift of the prediction, perfect for a perfect one.
  const AlignedDepthErrors moved = aligned_depth_errors(5 * hand_prediction() - 2, hand_target(), torch::ones({1, 2, 2}, torch::kDouble));
  CHECK(moved.absrel[0].item<double>() == doctest::Approx(0.225));
  const AlignedDepthErrors perfect = aligned_depth_errors(3 * hand_target() + 1, hand_target(), torch::ones({1, 2, 2}, torch::kDouble));
  CHECK(perfect.absrel[0].item<double>() == doctest::Approx(0.0).scale(1));
  CHECK(perfect.delta1[0].item<double>() == doctest::Approx(1.0));
}

TEST_CASE("masked pixels do not count, and aligned disparity below the farthest target is clamped") {
  torch::Tensor mask = torch::ones({1, 2, 2}, torch::kDouble);
  mask[0][0][0] = 0;
  torch::Tensor target = hand_target().clone();
  target[0][0][0] = 0;  // invalid pixels hold disparity 0
  const AlignedDepthErrors errors = aligned_depth_errors(hand_prediction(), target, mask);
  CHECK(std::isfinite(errors.absrel[0].item<double>()));
  CHECK(errors.delta1[0].item<double>() <= 1.0);

  // A prediction whose fit goes negative: clamping keeps every depth finite and positive.
  const torch::Tensor wild = torch::tensor({-5.0, 0.0, 0.0, 9.0}, torch::kDouble).view({1, 2, 2});
  const AlignedDepthErrors clamped = aligned_depth_errors(wild, hand_target(), torch::ones({1, 2, 2}, torch::kDouble));
  CHECK(std::isfinite(clamped.absrel[0].item<double>()));
}

TEST_CASE("the accumulator reports means over images, whatever the batches") {
  LossOptions loss;
  DepthMetricAccumulator accumulator(loss);
  CHECK_THROWS_AS(accumulator.values(), std::logic_error);
  const torch::Tensor ones = torch::ones({1, 2, 2}, torch::kDouble);
  // Batch 1: the hand example. Batch 2: two perfect images.
  accumulator.add(hand_prediction().unsqueeze(1).to(torch::kFloat), batch_of(hand_target(), ones));
  const torch::Tensor perfect = torch::cat({hand_target(), 2 * hand_target()});
  accumulator.add((perfect * 4 + 1).unsqueeze(1).to(torch::kFloat), batch_of(perfect, torch::cat({ones, ones})));
  CHECK(accumulator.images() == 3);
  const std::vector<double> values = accumulator.values();
  REQUIRE(values.size() == 3);
  const double hand_loss = per_image_loss(depth_loss_terms(hand_prediction(), hand_target(), ones, loss), loss.alpha)[0].item<double>();
  CHECK(hand_loss > 0);
  CHECK(values[0] == doctest::Approx(hand_loss / 3).epsilon(1e-5));
  CHECK(values[1] == doctest::Approx(0.225 / 3).epsilon(1e-5));
  CHECK(values[2] == doctest::Approx((0.5 + 1 + 1) / 3).epsilon(1e-5));
  CHECK(depth_metric_specs()[0].name == "ssi_loss");
  CHECK(!depth_metric_specs()[0].higher_is_better);
  CHECK(depth_metric_specs()[2].higher_is_better);
}
