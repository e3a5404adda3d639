#include <naskernel/pooling.h>

#include <doctest/doctest.h>

namespace {

using naskernel::average_pool_2x2;
using naskernel::average_pool_3x3;

torch::Tensor reference_3x3(const torch::Tensor& x) {
  return torch::avg_pool2d(x, {3, 3}, {1, 1}, {1, 1}, /*ceil_mode=*/false, /*count_include_pad=*/false);
}
torch::Tensor reference_2x2(const torch::Tensor& x) { return torch::avg_pool2d(x, {2, 2}, {2, 2}); }

// The gradient of sum(f(x) * weights) with respect to x.
template <typename F>
torch::Tensor gradient(F&& f, const torch::Tensor& x, const torch::Tensor& weights) {
  torch::Tensor input = x.detach().clone().requires_grad_(true);
  (f(input) * weights).sum().backward();
  return input.grad();
}

// Sizes with windows cut by every edge, single rows and columns, odd sizes.
const std::vector<std::vector<int64_t>> kShapes = {{2, 3, 5, 7}, {1, 1, 1, 1}, {3, 2, 1, 6},
                                                   {1, 4, 6, 1}, {2, 2, 4, 4}, {4, 8, 16, 16}};

}  // namespace

TEST_CASE("average_pool_3x3 equals avg_pool2d without padded cells, values and gradients") {
  torch::manual_seed(1);
  for (const auto& shape : kShapes) {
    CAPTURE(c10::str(c10::IntArrayRef(shape)));
    const auto x = torch::randn(shape, torch::kDouble);
    CHECK(torch::allclose(average_pool_3x3(x), reference_3x3(x), 1e-12, 1e-12));
    const auto weights = torch::randn(shape, torch::kDouble);
    CHECK(torch::allclose(gradient(average_pool_3x3, x, weights), gradient(reference_3x3, x, weights), 1e-12, 1e-12));
  }
}

TEST_CASE("average_pool_3x3 by hand: a corner averages 4 cells, an edge 6, the centre 9") {
  const auto x = torch::arange(9, torch::kFloat).view({1, 1, 3, 3});
  const auto y = average_pool_3x3(x);
  CHECK(y[0][0][0][0].item<float>() == doctest::Approx((0 + 1 + 3 + 4) / 4.0));
  CHECK(y[0][0][0][1].item<float>() == doctest::Approx((0 + 1 + 2 + 3 + 4 + 5) / 6.0));
  CHECK(y[0][0][1][1].item<float>() == doctest::Approx(4.0));
}

TEST_CASE("average_pool_3x3 in float agrees with avg_pool2d to rounding, also on a strided view") {
  torch::manual_seed(2);
  const auto x = torch::randn({8, 4, 12, 10});
  CHECK(torch::allclose(average_pool_3x3(x), reference_3x3(x), 1e-6, 1e-6));
  const auto view = x.transpose(2, 3);
  CHECK(torch::allclose(average_pool_3x3(view), reference_3x3(view), 1e-6, 1e-6));
}

TEST_CASE("the row-wise and the flat 3x3 box sums agree bit for bit, in every dtype and layout") {
  using naskernel::pooling_detail::box_sum_3x3_flat;
  using naskernel::pooling_detail::box_sum_3x3_rows;
  torch::manual_seed(4);
  std::vector<std::vector<int64_t>> shapes = kShapes;
  shapes.push_back({3, 5});  // no batch or channel dimensions
  shapes.push_back({2, 16, 32, 32});
  for (const auto dtype : {torch::kFloat, torch::kDouble, torch::kBFloat16}) {
    for (const auto& shape : shapes) {
      CAPTURE(c10::str(c10::IntArrayRef(shape)));
      CAPTURE(dtype);
      const auto x = torch::randn(shape).to(dtype);
      CHECK(torch::equal(box_sum_3x3_flat(x), box_sum_3x3_rows(x)));
      CHECK(box_sum_3x3_flat(x).sizes() == x.sizes());
      if (shape.size() == 4) {
        const auto transposed = x.transpose(-1, -2);
        CHECK(torch::equal(box_sum_3x3_flat(transposed), box_sum_3x3_rows(transposed)));
        const auto channels_last = x.contiguous(torch::MemoryFormat::ChannelsLast);
        CHECK(torch::equal(box_sum_3x3_flat(channels_last), box_sum_3x3_rows(channels_last)));
      }
    }
  }
}

TEST_CASE("the direct 3x3 loop equals the whole-tensor sums bit for bit, forward and backward, NCHW and channels-last") {
  using naskernel::pooling_detail::box_sum_3x3_direct;
  using naskernel::pooling_detail::box_sum_3x3_rows;
  using naskernel::pooling_detail::inverse_window_counts;
  torch::manual_seed(6);
  std::vector<std::vector<int64_t>> shapes;
  // NCHW rows of at least 32 values (shorter ones take the whole-tensor
  // sums), channels-last rows of width x channels values.
  shapes = {{2, 3, 5, 32}, {3, 40}, {1, 1, 1, 33}, {2, 2, 1, 64}, {1, 16, 6, 2}, {2, 32, 1, 1}, {3, 32, 7, 1},
            {5, 16, 32, 32}};  // the last: more planes than one task's grain, so several threads' chunks
  for (const auto dtype : {torch::kFloat, torch::kDouble}) {
    for (const auto& shape : shapes) {
      for (const bool channels_last : {false, true}) {
        if (channels_last && shape.size() != 4) continue;
        CAPTURE(c10::str(c10::IntArrayRef(shape)));
        CAPTURE(dtype);
        CAPTURE(channels_last);
        torch::Tensor x = torch::randn(shape).to(dtype);
        if (channels_last) x = x.contiguous(torch::MemoryFormat::ChannelsLast);
        if (!channels_last && shape.back() < 32) continue;  // a short NCHW row
        const torch::Tensor inverse = inverse_window_counts(x.size(-2), x.size(-1), x.options());
        const auto forward = box_sum_3x3_direct(x, /*scale_input=*/false);
        const auto backward = box_sum_3x3_direct(x, /*scale_input=*/true);
        REQUIRE(forward.has_value());
        REQUIRE(backward.has_value());
        CHECK(torch::equal(*forward, box_sum_3x3_rows(x) * inverse));
        CHECK(torch::equal(*backward, box_sum_3x3_rows(x * inverse)));
        CHECK(forward->strides() == x.strides());
        CHECK(average_pool_3x3(x).strides() == x.strides());
        if (shape.size() < 3) continue;  // avg_pool2d needs a channel dimension
        // The pool itself, through autograd, matches avg_pool2d.
        const torch::Tensor weights = torch::randn(shape).to(dtype);
        const double tolerance = dtype == torch::kFloat ? 1e-6 : 1e-12;
        CHECK(torch::allclose(average_pool_3x3(x), reference_3x3(x), tolerance, tolerance));
        CHECK(torch::allclose(gradient(average_pool_3x3, x, weights), gradient(reference_3x3, x, weights), tolerance,
                              tolerance));
      }
    }
  }
}

TEST_CASE("the direct 3x3 loop leaves other strides, dtypes and empty maps to the whole-tensor sums") {
  using naskernel::pooling_detail::box_sum_3x3_direct;
  const auto x = torch::randn({2, 3, 6, 5});
  CHECK_FALSE(box_sum_3x3_direct(x.transpose(-1, -2), false).has_value());
  CHECK_FALSE(box_sum_3x3_direct(x.to(torch::kBFloat16), false).has_value());
  CHECK_FALSE(box_sum_3x3_direct(torch::zeros({0, 3, 4, 4}), false).has_value());
  CHECK_FALSE(box_sum_3x3_direct(x, false).has_value());  // NCHW rows of 5 values
  CHECK_FALSE(box_sum_3x3_direct(x.contiguous(torch::MemoryFormat::ChannelsLast), false).has_value());  // 15
  const auto eight_channels = torch::randn({2, 8, 6, 5}).contiguous(torch::MemoryFormat::ChannelsLast);
  CHECK(box_sum_3x3_direct(eight_channels, false).has_value());  // 40 values per row
  CHECK(box_sum_3x3_direct(torch::randn({2, 3, 4, 32}), false).has_value());
}

TEST_CASE("average_pool_3x3 in bfloat16 is the float pool rounded, values and gradients, with contiguous results") {
  torch::manual_seed(5);
  // Maps narrow enough for the flat sum (8 and 16 wide) and one that is not.
  for (const auto& shape : std::vector<std::vector<int64_t>>{{4, 8, 16, 16}, {4, 16, 8, 8}, {2, 4, 6, 40}}) {
    CAPTURE(c10::str(c10::IntArrayRef(shape)));
    const auto x = torch::randn(shape).to(torch::kBFloat16);
    const auto y = average_pool_3x3(x);
    CHECK(y.dtype() == torch::kBFloat16);
    CHECK(y.is_contiguous());
    CHECK(torch::allclose(y.to(torch::kFloat), reference_3x3(x.to(torch::kFloat)), 2e-2, 2e-2));
    const auto weights = torch::randn(shape).to(torch::kBFloat16);
    const auto grad = gradient(average_pool_3x3, x, weights);
    CHECK(grad.is_contiguous());
    CHECK(torch::allclose(grad.to(torch::kFloat),
                          gradient(reference_3x3, x.to(torch::kFloat), weights.to(torch::kFloat)), 3e-2, 3e-2));
  }
}

TEST_CASE("average_pool_2x2 equals avg_pool2d(2, 2): values to rounding, gradients exactly, odd sizes dropped") {
  torch::manual_seed(3);
  for (const auto& shape : std::vector<std::vector<int64_t>>{{2, 3, 4, 6}, {1, 2, 5, 7}, {3, 1, 2, 3}, {2, 8, 16, 16}}) {
    CAPTURE(c10::str(c10::IntArrayRef(shape)));
    const auto x = torch::randn(shape);
    CHECK(torch::allclose(average_pool_2x2(x), reference_2x2(x), 1e-6, 1e-6));
    CHECK(torch::allclose(average_pool_2x2(x.to(torch::kDouble)), reference_2x2(x.to(torch::kDouble)), 1e-14, 1e-14));
    CHECK(torch::allclose(average_pool_2x2(x.transpose(-1, -2)), reference_2x2(x.transpose(-1, -2)), 1e-6, 1e-6));
    const auto weights = torch::randn(reference_2x2(x).sizes());
    CHECK(torch::equal(gradient(average_pool_2x2, x, weights), gradient(reference_2x2, x, weights)));
  }
}

TEST_CASE("average_pool_2x2 of a channels-last map is avg_pool2d's, channels-last, values and gradients") {
  torch::manual_seed(7);
  for (const auto dtype : {torch::kFloat, torch::kBFloat16}) {
    CAPTURE(dtype);
    const auto x = torch::randn({2, 8, 6, 7}).to(dtype).contiguous(torch::MemoryFormat::ChannelsLast);
    const auto y = average_pool_2x2(x);
    CHECK(y.is_contiguous(torch::MemoryFormat::ChannelsLast));
    CHECK(torch::equal(y, reference_2x2(x)));
    const auto weights = torch::randn(y.sizes()).to(dtype);
    CHECK(torch::equal(gradient(average_pool_2x2, x, weights), gradient(reference_2x2, x, weights)));
  }
}

TEST_CASE("the pools refuse inputs too small, naming the function and the shape") {
  CHECK_THROWS_WITH_AS(average_pool_2x2(torch::zeros({1, 1, 1, 4})),
                       "average_pool_2x2 needs an input of at least 2x2 in its last two dimensions, got [1, 1, 1, 4]",
                       std::invalid_argument);
  CHECK_THROWS_AS(average_pool_3x3(torch::zeros({4})), std::invalid_argument);
}

TEST_CASE("the pools run without autograd and keep dtype") {
  torch::NoGradGuard no_grad;
  const auto x = torch::randn({2, 3, 6, 6});
  CHECK(average_pool_3x3(x).dtype() == torch::kFloat);
  CHECK(average_pool_2x2(x).sizes() == c10::IntArrayRef({2, 3, 3, 3}));
  CHECK_FALSE(average_pool_3x3(x).requires_grad());
}
