#include <naskernel/batch_statistics_norm.h>

#include <doctest/doctest.h>

namespace {

using naskernel::batch_statistics_norm;

// LibTorch's batch norm in training mode, without affine parameters or running statistics.
torch::Tensor reference(const torch::Tensor& x) {
  return torch::batch_norm(x, {}, {}, {}, {}, /*training=*/true, 0.0, 1e-5, false);
}

struct ValueAndGradient {
  torch::Tensor value, gradient;
};

// f(x) and the gradient of sum(f(x) * weights) with respect to x.
template <typename F>
ValueAndGradient evaluate(F&& f, const torch::Tensor& x, const torch::Tensor& weights) {
  torch::Tensor input = x.detach().clone().requires_grad_(true);
  torch::Tensor value = f(input);
  (value * weights).sum().backward();
  return {value.detach(), input.grad()};
}

torch::Tensor in_layout(const torch::Tensor& x, bool channels_last) {
  return x.contiguous(channels_last ? torch::MemoryFormat::ChannelsLast : torch::MemoryFormat::Contiguous);
}

// Rows and planes that are not multiples of the loops' blocks and lanes,
// one channel, 1x1 maps, and more rows than one float block.
const std::vector<std::vector<int64_t>> kShapes = {{2, 3, 5, 7}, {1, 1, 3, 3}, {5, 4, 1, 1}, {3, 17, 4, 6},
                                                   {8, 16, 12, 12}, {2, 2, 70, 70}};

}  // namespace

TEST_CASE("batch_statistics_norm equals the double-precision batch norm, values and gradients, both layouts") {
  torch::manual_seed(3);
  for (const auto& shape : kShapes)
    for (bool channels_last : {false, true}) {
      CAPTURE(c10::str(c10::IntArrayRef(shape)));
      CAPTURE(channels_last);
      const torch::Tensor x = in_layout(torch::randn(shape) * 2 + 0.5, channels_last);
      const torch::Tensor weights = in_layout(torch::randn(shape), channels_last);
      const auto ours = evaluate([](const torch::Tensor& t) { return batch_statistics_norm(t); }, x, weights);
      const auto exact = evaluate(reference, x.to(torch::kDouble), weights.to(torch::kDouble));
      CHECK(torch::allclose(ours.value.to(torch::kDouble), exact.value, 1e-5, 1e-5));
      CHECK(torch::allclose(ours.gradient.to(torch::kDouble), exact.gradient, 1e-4, 1e-5));
      CHECK(ours.value.is_contiguous(channels_last ? torch::MemoryFormat::ChannelsLast : torch::MemoryFormat::Contiguous));
      CHECK((ours.gradient.scalar_type() == torch::kFloat));
    }
}

TEST_CASE("batch_statistics_norm keeps its variance when a channel's mean is large against its spread") {
  torch::manual_seed(4);
  for (bool channels_last : {false, true}) {
    CAPTURE(channels_last);
    const torch::Tensor x = in_layout(torch::randn({16, 4, 16, 16}) * 0.01 + 1000, channels_last);
    const torch::Tensor exact = reference(x.to(torch::kDouble));
    // float holds 1000 to about 6e-5, i.e. 0.6% of the spread; a variance
    // from unshifted float sums of squares would be off by far more.
    CHECK((batch_statistics_norm(x).to(torch::kDouble) - exact).abs().max().item<double>() < 1e-3);
  }
}

TEST_CASE("batch_statistics_norm does not depend on the thread count") {
  torch::manual_seed(5);
  const int threads = torch::get_num_threads();
  for (bool channels_last : {false, true}) {
    CAPTURE(channels_last);
    const torch::Tensor x = in_layout(torch::randn({16, 8, 20, 20}), channels_last);
    const torch::Tensor weights = in_layout(torch::randn({16, 8, 20, 20}), channels_last);
    auto f = [](const torch::Tensor& t) { return batch_statistics_norm(t); };
    torch::set_num_threads(1);
    const auto one = evaluate(f, x, weights);
    torch::set_num_threads(2);
    const auto two = evaluate(f, x, weights);
    torch::set_num_threads(threads);
    CHECK(torch::equal(one.value, two.value));
    CHECK(torch::equal(one.gradient, two.gradient));
  }
}

TEST_CASE("batch_statistics_norm without gradients computes the same values") {
  torch::manual_seed(6);
  const torch::Tensor x = in_layout(torch::randn({4, 8, 6, 6}), true);
  const torch::Tensor with_graph = batch_statistics_norm(x.clone().requires_grad_(true)).detach();
  torch::InferenceMode inference;
  CHECK(torch::equal(batch_statistics_norm(x), with_graph));
}

TEST_CASE("batch_statistics_norm refuses a second derivative instead of dropping it") {
  const torch::Tensor x = torch::randn({4, 3, 5, 5}).requires_grad_(true);
  const torch::Tensor y = batch_statistics_norm(x);
  CHECK_THROWS_WITH_AS(torch::autograd::grad({(y * y * y).sum()}, {x}, {}, /*retain_graph=*/true, /*create_graph=*/true),
                       doctest::Contains("second derivative"), std::exception);
  CHECK(torch::autograd::grad({(y * y * y).sum()}, {x})[0].defined());
}

TEST_CASE("batch_statistics_norm leaves other dtypes and strides to LibTorch's batch norm") {
  torch::manual_seed(7);
  const torch::Tensor x = torch::randn({4, 3, 5, 5}, torch::kDouble);
  CHECK(torch::equal(batch_statistics_norm(x), reference(x)));
  const torch::Tensor strided = torch::randn({4, 3, 5, 10}).narrow(3, 0, 5);
  CHECK(torch::equal(batch_statistics_norm(strided), reference(strided)));
  // One value per channel: an error, as torch::nn::BatchNorm2d gives, not a silent 0.
  CHECK_THROWS_AS(batch_statistics_norm(torch::randn({1, 3, 1, 1})), std::invalid_argument);
  CHECK_THROWS_AS(batch_statistics_norm(torch::randn({4, 3, 5})), std::invalid_argument);
}

TEST_CASE("BatchStatisticsNorm is a batch norm without parameters or buffers, and checks its channels") {
  naskernel::BatchStatisticsNorm norm(3);
  CHECK(norm->parameters().empty());
  CHECK(norm->buffers().empty());
  torch::nn::BatchNorm2d torch_norm(torch::nn::BatchNorm2dOptions(3).affine(false).track_running_stats(false));
  CHECK(torch_norm->named_parameters().size() == norm->named_parameters().size());
  CHECK(torch_norm->named_buffers().size() == norm->named_buffers().size());
  const torch::Tensor x = torch::randn({4, 3, 5, 5});
  norm->eval();
  torch_norm->eval();
  CHECK(torch::allclose(norm(x), torch_norm(x), 1e-5, 1e-5));  // batch statistics in evaluation too
  CHECK_THROWS_AS(norm(torch::randn({4, 2, 5, 5})), std::invalid_argument);
  const auto copy = std::dynamic_pointer_cast<naskernel::BatchStatisticsNormImpl>(norm->clone());
  REQUIRE(copy);
  CHECK(torch::equal(copy->forward(x), norm(x)));
}
