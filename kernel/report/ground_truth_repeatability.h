// How well stand-alone ground truth agrees with itself across training
// seeds (ground_truth.repeats >= 2): the ceiling a super-net ranking is
// measured against. A super-net cannot be shown to rank the evaluation set
// better than one training seed of the ground truth ranks another.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace naskernel {

struct GroundTruthRepeatability {
  size_t archs = 0;    // architectures it was computed over
  size_t repeats = 0;  // seeds per architecture
  // Kendall tau-b between the first and the second seed's values over the
  // architectures (NaN when undefined: fewer than two, or one side constant).
  double kendall_first_two = NAN;
  // Mean over the architectures of each one's sample standard deviation
  // (divisor n - 1) across its seeds.
  double mean_std = NAN;
};

// values[i]: architecture i's ground truth per seed, in seed order
// (standalone.seed + 0, + 1, ...). Every architecture needs the same number
// of values, at least two; throws std::invalid_argument otherwise. An empty
// list gives archs = 0 and NaN figures.
GroundTruthRepeatability ground_truth_repeatability(const std::vector<std::vector<double>>& values);

}  // namespace naskernel
