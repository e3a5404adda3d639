// ConvolutionRecorder and convolution_ceiling on a hand-built stack of
// convolutions, against MacCounter's count of the same forward.
#include "bench/convolution_ceiling.h"
#include "bench/mac_counter.h"

#include <doctest/doctest.h>
#include <torch/torch.h>

#include <stdexcept>

using naskernel::bench::Ceiling;
using naskernel::bench::ConvolutionProblem;
using naskernel::bench::ConvolutionRecorder;
using naskernel::bench::MacCounter;

TEST_CASE("ConvolutionRecorder records each distinct convolution, how often it ran and whether it needs the input's gradient") {
  torch::nn::Conv2d stem(torch::nn::Conv2dOptions(3, 8, 3).padding(1));
  torch::nn::Conv2d depthwise(torch::nn::Conv2dOptions(8, 8, 3).padding(2).dilation(2).groups(8));
  torch::nn::Conv2d strided(torch::nn::Conv2dOptions(8, 4, 1).stride(2));
  torch::nn::ConvTranspose2d up(torch::nn::ConvTranspose2dOptions(4, 2, 2).stride(2));
  const auto image = torch::randn({1, 3, 10, 10});

  ConvolutionRecorder recorder;
  MacCounter counter;
  const auto a = stem(image);
  const auto b = depthwise(depthwise(a));  // the same problem twice
  up(strided(b));                          // transposed: not recorded
  CHECK_THROWS_AS(ConvolutionRecorder(), std::logic_error);  // one per thread

  const auto& calls = recorder.calls();
  REQUIRE(calls.size() == 3);
  double multiply_adds = 0;
  int64_t with_input_gradient = 0;
  for (const auto& [problem, count] : calls) {
    multiply_adds += static_cast<double>(count) * problem.multiply_adds();
    with_input_gradient += problem.input_gradient;
    if (problem.groups == 8) {
      CHECK(count == 2);
      CHECK(problem.input == std::vector<int64_t>{8, 10, 10});
      CHECK(problem.dilation == std::vector<int64_t>{2, 2});
    } else {
      CHECK(count == 1);
    }
    if (problem.input.front() == 3) CHECK_FALSE(problem.input_gradient);  // the image needs none
  }
  CHECK(with_input_gradient == 2);
  // The transposed convolution is MacCounter's too: 4 x 5 x 5 inputs onto 2 x 2 x 2 outputs each.
  CHECK(multiply_adds == doctest::Approx(counter.multiply_adds() - 4 * 25 * 8));
  CHECK(multiply_adds == doctest::Approx(8 * 100 * 27 + 2 * 8 * 100 * 9 + 4 * 25 * 8));
}

TEST_CASE("convolution_ceiling weighs each problem's time and FLOPs by its calls per path") {
  ConvolutionProblem first;  // 3 -> 8 channels, 3 x 3 on 10 x 10, no input gradient
  first.input = {3, 10, 10}, first.weight = {8, 3, 3, 3};
  first.stride = {1, 1}, first.padding = {1, 1}, first.dilation = {1, 1};
  first.input_gradient = false;
  ConvolutionProblem second = first;  // 8 -> 8, 1 x 1 on 10 x 10
  second.input = {8, 10, 10}, second.weight = {8, 8, 1, 1}, second.padding = {0, 0};
  second.input_gradient = true;
  CHECK(first.multiply_adds() == 8 * 100 * 27);
  CHECK(second.multiply_adds() == 8 * 100 * 8);

  const std::map<ConvolutionProblem, int64_t> calls{{first, 2}, {second, 6}};
  const int64_t paths = 2, batch = 4;
  for (const auto format : {c10::MemoryFormat::Contiguous, c10::MemoryFormat::ChannelsLast}) {
    const Ceiling ceiling = naskernel::bench::convolution_ceiling(calls, paths, batch, format, 1);
    // Per path: 1 x first (forward + weight gradient), 3 x second (all three passes); 2 FLOP per multiply-add.
    CHECK(ceiling.flop == doctest::Approx(batch * 2.0 * (1 * 2 * 8 * 100 * 27 + 3 * 3 * 8 * 100 * 8)));
    CHECK(ceiling.seconds > 0);
    CHECK(ceiling.gflops() == doctest::Approx(ceiling.flop / ceiling.seconds / 1e9));
  }
  CHECK(Ceiling{}.gflops() == 0);
}
