#include "bench/memory_bound_operations.h"

#include "bench/median_seconds.h"

#include <naskernel/batch_statistics_norm.h>

#include <torch/torch.h>

#include <algorithm>
#include <stdexcept>

namespace naskernel::bench {

double MemoryBoundTimes::copy_gigabytes_per_second() const {
  int64_t elements = 1;
  for (const int64_t size : shape) elements *= size;
  return copy > 0 ? 2.0 * 4.0 * static_cast<double>(elements) / copy / 1e9 : 0;
}

std::vector<int64_t> largest_activation_map(const std::map<ConvolutionProblem, int64_t>& calls, int64_t batch) {
  std::vector<int64_t> largest;
  int64_t largest_elements = 0;
  for (const auto& [problem, count] : calls) {
    if (problem.input.size() != 3) continue;
    const int64_t elements = problem.input[0] * problem.input[1] * problem.input[2];
    if (elements > largest_elements) largest_elements = elements, largest = problem.input;
  }
  if (largest.empty()) return {};
  largest.insert(largest.begin(), batch);
  return largest;
}

MemoryBoundTimes time_memory_bound_operations(const std::vector<int64_t>& shape, c10::MemoryFormat format,
                                              int64_t reps) {
  if (shape.size() != 4) throw std::invalid_argument("time_memory_bound_operations needs an N, C, H, W shape");
  MemoryBoundTimes times;
  times.shape = shape;
  const torch::Tensor x = torch::randn(shape).contiguous(format), other = torch::randn(shape).contiguous(format);
  const torch::Tensor input = x.clone().requires_grad_(true);
  // About 64 MB through the memory per repetition, at least one call.
  const int64_t bytes = 4 * x.numel();
  const int64_t calls = std::clamp<int64_t>((int64_t{64} << 20) / std::max<int64_t>(bytes, 1), 1, 100);
  times.copy = median_seconds_per_call([&] { x.clone(); }, calls, reps);
  times.add = median_seconds_per_call([&] { (void)(x + other); }, calls, reps);
  times.relu = median_seconds_per_call(
      [&] { torch::autograd::grad({torch::relu(input)}, {input}, {other}); }, calls, reps);
  times.batch_norm = median_seconds_per_call(
      [&] {
        const torch::Tensor y = torch::batch_norm(input, {}, {}, {}, {}, /*training=*/true, 0.1, 1e-5, false);
        torch::autograd::grad({y}, {input}, {other});
      },
      calls, reps);
  times.batch_statistics_norm = median_seconds_per_call(
      [&] { torch::autograd::grad({batch_statistics_norm(input)}, {input}, {other}); }, calls, reps);
  return times;
}

}  // namespace naskernel::bench
