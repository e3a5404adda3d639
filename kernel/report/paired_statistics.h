// Statistics of paired differences: variant minus baseline, one difference
// per seed, where both runs of a seed share data splits, initial weights,
// the path stream and the evaluation set. Pure C++17, no dependencies.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace naskernel {

// I_x(a, b), the regularized incomplete beta function, for a, b > 0 and
// x in [0, 1] (by its continued fraction; relative error ~1e-14).
double regularized_incomplete_beta(double a, double b, double x);

// P(T <= t) for Student's t with `df` > 0 degrees of freedom.
double student_t_cdf(double t, double df);

// The p-quantile of Student's t with `df` > 0 degrees of freedom, p in (0, 1):
// the t with student_t_cdf(t, df) == p, found by bisection on the tail
// (e.g. student_t_quantile(0.975, 2) == 4.3027). Throws std::invalid_argument
// outside the domain.
double student_t_quantile(double p, double df);

// Two-sided sign-flip (permutation) p-value of the mean of `differences`:
// under "no effect" each difference is as likely to have either sign, so p
// is the share of the 2^n sign assignments whose |sum| >= the observed |sum|
// (sums tied to within rounding count as >=). The observed assignment is
// one of them, so p >= 2 / 2^n. Exact (enumerated) for n <= 20; for larger n
// p = (1 + hits) / (1 + 2^20) over 2^20 random assignments drawn with a
// fixed seed (reproducible), and `exact` is false. NaN for n == 0.
struct SignFlipTest {
  double p_value = 0;
  bool exact = true;
};
SignFlipTest sign_flip_test(const std::vector<double>& differences);

// Mean of the paired differences with its two-sided confidence interval
// mean ± t_{(1+confidence)/2, n-1} · sd / sqrt(n) (sd: sample standard
// deviation, divisor n - 1), and the sign-flip p-value. With n == 1 the sd
// and the interval are NaN; with n == 0 everything is NaN.
struct PairedSummary {
  size_t n = 0;
  double mean = 0, sd = 0;
  double ci_low = 0, ci_high = 0;
  double p_value = 0;
  bool p_exact = true;
  bool excludes_zero() const { return ci_low > 0 || ci_high < 0; }  // false when NaN
};
PairedSummary summarize_differences(const std::vector<double>& differences, double confidence = 0.95);

// Power figures from an observed paired spread `sd` (and mean gain):
// the smallest number of seeds n >= 2 for which t_{(1+confidence)/2, n-1} ·
// sd / sqrt(n) < |mean|, i.e. for which an interval of the observed width
// around the observed mean would exclude 0; nullopt when no n <= max_seeds
// does (always when mean == 0), or when mean or sd is not finite.
std::optional<int> seeds_needed(double mean, double sd, int max_seeds = 100, double confidence = 0.95);

// The smallest |mean| whose interval excludes 0 with `n` seeds at spread `sd`:
// t_{(1+confidence)/2, n-1} · sd / sqrt(n). NaN for n < 2 or non-finite sd.
double smallest_detectable_gain(double sd, size_t n, double confidence = 0.95);

}  // namespace naskernel
