// Timing one operation alone: the median seconds per call over repetitions,
// after a warm-up call (in which oneDNN picks and caches its kernel, and
// the allocator meets the sizes). Shared by the benchmarks' support code,
// which does not include bench_common.h.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <vector>

namespace naskernel::bench {

template <typename Op>
double median_seconds_per_call(Op&& op, int64_t calls, int64_t reps) {
  op();
  std::vector<double> per_call;
  for (int64_t r = 0; r < reps; ++r) {
    const auto start = std::chrono::steady_clock::now();
    for (int64_t i = 0; i < calls; ++i) op();
    const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
    per_call.push_back(took.count() / static_cast<double>(calls));
  }
  std::sort(per_call.begin(), per_call.end());
  const size_t n = per_call.size();
  return n % 2 ? per_call[n / 2] : (per_call[n / 2 - 1] + per_call[n / 2]) / 2;
}

}  // namespace naskernel::bench
