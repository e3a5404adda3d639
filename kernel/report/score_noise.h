// How noisy the super-net's own scores are: each architecture is scored on
// two disjoint halves of the evaluation batches, and the halves'
// disagreement is set against the spread of the scores across
// architectures. A ranking cannot be finer than this noise, whatever the
// super-net has learned.
#pragma once

#include <cmath>
#include <cstddef>
#include <vector>

namespace naskernel {

struct ScoreNoise {
  size_t archs = 0;
  // The standard error of one architecture's score: the sample sd (divisor
  // n - 1) over architectures of (first half - second half) / 2. With two
  // equal, independent halves, that is the sd of the whole score's error.
  double noise = NAN;
  // The sample sd of the whole scores across architectures.
  double spread = NAN;
  double ratio = NAN;  // noise / spread: near 0, scores rank by what the super-net learned; near 1, by chance
  // Kendall tau-b between the two halves' scores: the ranking's agreement with itself.
  double split_half_kdt = NAN;
};

// all[i], first[i], second[i]: architecture i's score on all batches and
// on each half. The three need the same length; throws
// std::invalid_argument otherwise. Fewer than two architectures, or empty
// halves (one batch), give NaN figures.
ScoreNoise score_noise(const std::vector<double>& all, const std::vector<double>& first,
                       const std::vector<double>& second);

}  // namespace naskernel
