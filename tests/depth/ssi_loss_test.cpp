// The scale-and-shift-invariant losses and the gradient-matching term.
#include "scale_shift_alignment.h"
#include "ssi_loss.h"

#include <doctest/doctest.h>

#include <torch/torch.h>

#include <cmath>

using namespace naskernel::depth;

namespace {

LossOptions loss_options(LossKind kind, double alpha = 0.5) {
  LossOptions o;
  o.kind = kind;
  o.alpha = alpha;
  return o;
}

double value(const torch::Tensor& t) { return t.item<double>(); }

// Random positive disparities, predictions and a mask with about a fifth invalid.
struct Example {
  torch::Tensor prediction, target, mask;
};
Example random_example(torch::Dtype dtype, int64_t batch = 2, int64_t size = 8, uint64_t seed = 0) {
  torch::manual_seed(seed);
  const auto options = torch::TensorOptions().dtype(dtype);
  Example e;
  e.target = 0.2 + torch::rand({batch, size, size}, options);
  e.prediction = 0.5 * e.target + 0.3 * torch::rand({batch, size, size}, options);
  e.mask = (torch::rand({batch, size, size}, options) > 0.2).to(dtype);
  return e;
}

// The 4x4 example: prediction p = column index, target d = 2 p + 1 + e with
// e = (-1)^(row + col), which is orthogonal to 1 and to p, so the fit is
// exactly s = 2, t = 1 and the residual is -e.
struct HandExample {
  torch::Tensor prediction, target, mask;
};
HandExample hand_example() {
  HandExample h;
  h.prediction = torch::zeros({1, 4, 4}, torch::kDouble);
  h.target = torch::zeros({1, 4, 4}, torch::kDouble);
  for (int64_t y = 0; y < 4; ++y)
    for (int64_t x = 0; x < 4; ++x) {
      h.prediction[0][y][x] = static_cast<double>(x);
      h.target[0][y][x] = 2.0 * x + 1 + ((x + y) % 2 == 0 ? 1.0 : -1.0);
    }
  h.mask = torch::ones({1, 4, 4}, torch::kDouble);
  return h;
}

}  // namespace

TEST_CASE("the least-squares fit is the closed-form solution, and constant predictions fit the mean") {
  const HandExample h = hand_example();
  const ScaleShift fit = fit_scale_shift(h.prediction, h.target, h.mask);
  CHECK(value(fit.scale[0]) == doctest::Approx(2.0));
  CHECK(value(fit.shift[0]) == doctest::Approx(1.0));

  const torch::Tensor constant = torch::full({1, 4, 4}, 3.0f);
  const ScaleShift flat = fit_scale_shift(constant, h.target.to(torch::kFloat), h.mask.to(torch::kFloat));
  CHECK(value(flat.scale[0]) == 0.0);
  CHECK(value(flat.shift[0]) == doctest::Approx(value(h.target.mean())));
}

TEST_CASE("ssi_mse on the hand-made 4x4 example equals its closed form") {
  const HandExample h = hand_example();
  // data: sum e^2 / (2 M) = 16 / 32 = 0.5. Gradient matching on R = -e:
  // scale 1: 12 horizontal + 12 vertical differences of 2, over 16 pixels = 3;
  // scale 2 samples rows/cols {0, 2} where e is constant: 0; scales 4, 8: one pixel, 0.
  // Total 0.5 + 0.5 * 3 = 2.
  CHECK(value(depth_loss(h.prediction, h.target, h.mask, loss_options(LossKind::ssi_mse))) == doctest::Approx(2.0));
  CHECK(value(depth_loss(h.prediction, h.target, h.mask, loss_options(LossKind::ssi_mse, 0.0))) == doctest::Approx(0.5));
  // l1_aligned: sum |e| / M = 1, plus the same gradient term.
  CHECK(value(depth_loss(h.prediction, h.target, h.mask, loss_options(LossKind::l1_aligned))) == doctest::Approx(2.5));
  CHECK(value(gradient_matching_loss(-h.prediction, -h.prediction, h.mask, 4)) == 0.0);
}

TEST_CASE("the gradient-matching term on a hand-made example with a masked pixel") {
  // Residual R(y, x) = x^2 + 10 y on 4x4, pixel (1, 2) invalid.
  torch::Tensor residual = torch::zeros({1, 4, 4}, torch::kDouble);
  for (int64_t y = 0; y < 4; ++y)
    for (int64_t x = 0; x < 4; ++x) residual[0][y][x] = static_cast<double>(x * x + 10 * y);
  torch::Tensor mask = torch::ones({1, 4, 4}, torch::kDouble);
  mask[0][1][2] = 0;
  // Scale 1: horizontal 4 rows x (1 + 3 + 5) = 36 minus the pairs at (1,2): 3 + 5 -> 28;
  // vertical 12 pairs x 10 = 120 minus 2 pairs -> 100; over 15 valid pixels: 128 / 15.
  // Scale 2 (rows, cols 0 and 2): horizontal 4 + 4, vertical 20 + 20, over 4 pixels: 12.
  // Scales 4 and 8: a single pixel, 0.
  const double expected = 128.0 / 15.0 + 12.0;
  CHECK(value(gradient_matching_loss(residual, torch::zeros_like(residual), mask, 4)) == doctest::Approx(expected));
  // Only the difference prediction - target matters.
  CHECK(value(gradient_matching_loss(residual + 5, torch::full_like(residual, 5), mask, 4)) == doctest::Approx(expected));
  CHECK(value(gradient_matching_loss(residual, torch::zeros_like(residual), mask, 1)) == doctest::Approx(128.0 / 15.0));
}

TEST_CASE("every loss is invariant to a positive scale and any shift of the prediction") {
  const Example e = random_example(torch::kFloat);
  for (LossKind kind : {LossKind::ssi_mse, LossKind::ssi_trimmed, LossKind::l1_aligned}) {
    const LossOptions o = loss_options(kind);
    const double base = value(depth_loss(e.prediction, e.target, e.mask, o));
    CHECK(base > 0.01);
    for (auto [scale, shift] : {std::pair{0.01, -3.0}, std::pair{7.0, 100.0}, std::pair{1000.0, 0.5}, std::pair{1.0, -50.0}}) {
      const double moved = value(depth_loss(scale * e.prediction + shift, e.target, e.mask, o));
      CHECK_MESSAGE(moved == doctest::Approx(base).epsilon(2e-4), loss_name(kind) << " scale " << scale << " shift " << shift);
    }
  }
}

TEST_CASE("every loss is zero for a perfect prediction, up to scale and shift") {
  const Example e = random_example(torch::kFloat);
  for (LossKind kind : {LossKind::ssi_mse, LossKind::ssi_trimmed, LossKind::l1_aligned}) {
    const LossOptions o = loss_options(kind);
    CHECK(std::abs(value(depth_loss(e.target, e.target, e.mask, o))) < 1e-6);
    CHECK(std::abs(value(depth_loss(3 * e.target + 2, e.target, e.mask, o))) < 1e-5);
  }
}

TEST_CASE("masked pixels are ignored by every loss") {
  const Example e = random_example(torch::kFloat);
  const torch::Tensor invalid = 1 - e.mask;
  for (LossKind kind : {LossKind::ssi_mse, LossKind::ssi_trimmed, LossKind::l1_aligned}) {
    const LossOptions o = loss_options(kind);
    const double base = value(depth_loss(e.prediction, e.target, e.mask, o));
    const torch::Tensor wild_prediction = e.prediction + invalid * 1e3 * torch::randn_like(e.prediction);
    const torch::Tensor wild_target = e.target + invalid * 50 * torch::rand_like(e.target);
    CHECK(value(depth_loss(wild_prediction, wild_target, e.mask, o)) == doctest::Approx(base).epsilon(1e-5));
    // ...and the mask matters: counting those pixels changes the loss.
    CHECK(value(depth_loss(wild_prediction, wild_target, torch::ones_like(e.mask), o)) != doctest::Approx(base));
  }
}

TEST_CASE("the gradient of every loss matches central finite differences (double precision)") {
  for (LossKind kind : {LossKind::ssi_mse, LossKind::ssi_trimmed, LossKind::l1_aligned}) {
    const Example e = random_example(torch::kDouble, 2, 8, 5);
    const LossOptions o = loss_options(kind);
    torch::Tensor prediction = e.prediction.clone().requires_grad_(true);
    depth_loss(prediction, e.target, e.mask, o).backward();
    const torch::Tensor analytic = prediction.grad();
    CHECK(analytic.abs().sum().item<double>() > 0);
    torch::NoGradGuard no_grad;
    torch::Tensor p = e.prediction.clone();
    auto* data = p.data_ptr<double>();
    const double h = 1e-6;
    double worst = 0;
    for (int64_t i = 0; i < p.numel(); ++i) {
      const double saved = data[i];
      data[i] = saved + h;
      const double up = value(depth_loss(p, e.target, e.mask, o));
      data[i] = saved - h;
      const double down = value(depth_loss(p, e.target, e.mask, o));
      data[i] = saved;
      const double numeric = (up - down) / (2 * h);
      const double exact = analytic.reshape({-1})[i].item<double>();
      worst = std::max(worst, std::abs(numeric - exact) / (1e-4 + std::abs(exact)));
    }
    CHECK_MESSAGE(worst < 1e-5, loss_name(kind) << ": worst relative gradient error " << worst);
  }
}

TEST_CASE("batch-based reduction divides batch sums by the batch's valid pixels; per-image losses are separate") {
  // Image 0: the hand example (data sum 16 over 16 valid pixels); image 1: perfect, 8 valid pixels.
  const HandExample h = hand_example();
  const torch::Tensor prediction = torch::cat({h.prediction, h.target});
  const torch::Tensor target = torch::cat({h.target, h.target});
  torch::Tensor mask = torch::cat({h.mask, h.mask});
  mask[1].narrow(0, 0, 2).zero_();
  const LossOptions o = loss_options(LossKind::ssi_mse, 0.0);
  const LossTerms terms = depth_loss_terms(prediction, target, mask, o);
  CHECK(value(batch_based_loss(terms, 0.0)) == doctest::Approx(16.0 / (2 * (16 + 8))));
  const torch::Tensor per_image = per_image_loss(terms, 0.0);
  CHECK(value(per_image[0]) == doctest::Approx(0.5));
  CHECK(std::abs(value(per_image[1])) < 1e-12);
  // An image without valid pixels contributes nothing.
  torch::Tensor empty = mask.clone();
  empty[1].zero_();
  CHECK(value(depth_loss(prediction, target, empty, o)) == doctest::Approx(0.5));
}

TEST_CASE("ssi_trimmed equals a loop reference: median / mean-deviation normalisation, the lowest 80% of residuals") {
  const Example e = random_example(torch::kDouble, 1, 6, 9);
  LossOptions o = loss_options(LossKind::ssi_trimmed, 0.0);
  const double loss = value(depth_loss(e.prediction, e.target, e.mask, o));

  // A reference computed with plain loops.
  auto normalize = [&](const torch::Tensor& x) {
    std::vector<double> valid;
    for (int64_t i = 0; i < 36; ++i)
      if (e.mask.reshape({-1})[i].item<double>() > 0.5) valid.push_back(x.reshape({-1})[i].item<double>());
    std::vector<double> sorted = valid;
    std::sort(sorted.begin(), sorted.end());
    const double median = sorted[(sorted.size() - 1) / 2];
    double deviation = 0;
    for (double v : valid) deviation += std::abs(v - median);
    deviation /= static_cast<double>(valid.size());
    for (double& v : valid) v = (v - median) / deviation;
    return valid;
  };
  const std::vector<double> p = normalize(e.prediction), d = normalize(e.target);
  std::vector<double> residuals;
  for (size_t i = 0; i < p.size(); ++i) residuals.push_back(std::abs(p[i] - d[i]));
  std::sort(residuals.begin(), residuals.end());
  const auto keep = static_cast<size_t>(std::floor(0.8 * static_cast<double>(residuals.size()) + 1e-9));
  double kept = 0;
  for (size_t i = 0; i < keep; ++i) kept += residuals[i];
  CHECK(loss == doctest::Approx(kept / (2.0 * static_cast<double>(residuals.size()))));
}

TEST_CASE("a prediction collapsed towards zero keeps the loss and its gradient finite") {
  // A softplus head can drift to tiny outputs (the loss ignores magnitude):
  // values near 1e-20 whose variance underflows while its ratio to the mean
  // square does not. Found as a NaN super-net step on synthetic scenes.
  torch::manual_seed(0);
  const torch::Tensor target = torch::rand({2, 8, 8}) + 0.5;
  const torch::Tensor mask = torch::ones({2, 8, 8});
  const torch::Tensor prediction = ((torch::rand({2, 8, 8}) + 1) * 1e-20).requires_grad_(true);
  const torch::Tensor loss = depth_loss(prediction, target, mask, loss_options(LossKind::ssi_mse));
  CHECK(std::isfinite(loss.item<double>()));
  loss.backward();
  CHECK(torch::isfinite(prediction.grad()).all().item<bool>());
  // Treated as constant: scale 0, shift the target's mean, so the loss is the constant predictor's.
  const ScaleShift fit = fit_scale_shift(prediction.detach(), target, mask);
  CHECK(fit.scale.abs().max().item<double>() == 0.0);
}
