// largest_activation_map and time_memory_bound_operations.
#include "bench/memory_bound_operations.h"

#include <doctest/doctest.h>

#include <stdexcept>

using naskernel::bench::ConvolutionProblem;

TEST_CASE("largest_activation_map takes the largest recorded input at the batch; the operations time positive") {
  using naskernel::bench::largest_activation_map;
  using naskernel::bench::time_memory_bound_operations;
  std::map<ConvolutionProblem, int64_t> calls;
  CHECK(largest_activation_map(calls, 8).empty());
  ConvolutionProblem small, large;
  small.input = {16, 8, 8};
  large.input = {4, 32, 16};  // 2048 > 1024 cells per image
  calls[small] = 5;
  calls[large] = 1;
  const auto map = largest_activation_map(calls, 8);
  CHECK(map == std::vector<int64_t>{8, 4, 32, 16});
  for (const auto format : {c10::MemoryFormat::Contiguous, c10::MemoryFormat::ChannelsLast}) {
    const auto times = time_memory_bound_operations(map, format, 3);
    CHECK(times.shape == map);
    CHECK(times.copy > 0);
    CHECK(times.add > 0);
    CHECK(times.relu > 0);
    CHECK(times.batch_norm > 0);
    CHECK(times.batch_statistics_norm > 0);
    CHECK(times.copy_gigabytes_per_second() > 0);
  }
  CHECK_THROWS_AS(time_memory_bound_operations({8, 4}, c10::MemoryFormat::Contiguous, 1), std::invalid_argument);
}
