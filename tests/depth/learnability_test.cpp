// The synthetic scenes are learnable: a small conv net trained for 300 steps
// with the default loss (ssi_mse, alpha 0.5) clearly beats the best constant
// prediction in SSI loss on held-out scenes. (A constant aligns to each
// image's mean disparity, the best any constant can do under scale-and-shift
// alignment.) From scratch, the SSI loss has a plateau at predictions
// uncorrelated with the target (the data term's gradient is proportional to
// the fitted scale, and the gradient-matching term pulls that scale to 0);
// Adam at 5e-3 leaves it within about 100 steps, 1e-3 may take several hundred.
#include "test_util.h"

#include "depth_task.h"

#include <doctest/doctest.h>

#include <torch/torch.h>

#include <chrono>
#include <functional>

using namespace naskernel::depth;
using naskernel::Split;

namespace {

// Dilated 3x3 convolutions reach across a 32x32 image in a few layers.
struct SmallDepthNet : torch::nn::Module {
  torch::nn::Sequential body;
  SmallDepthNet() {
    const int64_t width = 16;
    auto conv = [](int64_t in, int64_t out, int64_t dilation) {
      return torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 3).padding(dilation).dilation(dilation));
    };
    body = register_module("body", torch::nn::Sequential(conv(3, width, 1), torch::nn::ReLU(), conv(width, width, 2),
                                                         torch::nn::ReLU(), conv(width, width, 4), torch::nn::ReLU(),
                                                         conv(width, width, 8), torch::nn::ReLU(), conv(width, 1, 1)));
  }
  torch::Tensor forward(const torch::Tensor& x) { return body->forward(x); }
};

std::vector<double> evaluate(const DepthTask& task, const std::function<torch::Tensor(const torch::Tensor&)>& predict) {
  torch::NoGradGuard no_grad;
  auto accumulator = task.accumulator();
  for (int64_t start = 0; start < task.size(Split::test); start += 32) {
    const int64_t count = std::min<int64_t>(32, task.size(Split::test) - start);
    const naskernel::Batch batch = task.batch(Split::test, torch::arange(start, start + count), nullptr);
    accumulator->add(predict(batch.input), batch);
  }
  return accumulator->values();
}

}  // namespace

TEST_CASE("learnability: a small conv net beats a constant predictor on synthetic scenes") {
  const auto started = std::chrono::steady_clock::now();
  const naskernel::Config config = depth_test::task_config("train_size = 256\ntest_size = 64\nimage_size = 32\n");
  DepthTask task(config);
  task.load(0);
  torch::manual_seed(0);
  SmallDepthNet net;
  torch::optim::Adam optimizer(net.parameters(), torch::optim::AdamOptions(5e-3));
  naskernel::Rng order(1);
  const int64_t steps = 300, batch_size = 16;
  for (int64_t step = 0; step < steps; ++step) {
    std::vector<int64_t> picks;
    for (int64_t i = 0; i < batch_size; ++i) picks.push_back(order.uniform_int(0, task.size(Split::train) - 1));
    const naskernel::Batch batch = task.batch(Split::train, torch::tensor(picks, torch::kLong), nullptr);
    optimizer.zero_grad();
    const torch::Tensor loss = task.loss(net.forward(batch.input), batch);
    loss.backward();
    optimizer.step();
  }
  const std::vector<double> trained = evaluate(task, [&](const torch::Tensor& x) { return net.forward(x); });
  const std::vector<double> constant = evaluate(task, [](const torch::Tensor& x) {
    return torch::ones({x.size(0), 1, x.size(2), x.size(3)});
  });
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  MESSAGE("test ssi_loss: trained " << trained[0] << ", constant " << constant[0] << "; absrel " << trained[1] << " vs "
                                    << constant[1] << "; delta1 " << trained[2] << " vs " << constant[2] << "; "
                                    << seconds << " s");
  CHECK(trained[0] < 0.6 * constant[0]);
  CHECK(trained[1] < constant[1]);
  CHECK(trained[2] > constant[2]);
}
