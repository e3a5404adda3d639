#include "report/paired_statistics.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>

namespace naskernel {
namespace {

constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();
constexpr size_t kExactSignFlipLimit = 20;  // 2^20 assignments: about a million, enumerated in milliseconds

// The continued fraction of I_x(a, b) (without its front factor), evaluated
// with the modified Lentz method; converges fast for x < (a + 1) / (a + b + 2).
double beta_continued_fraction(double a, double b, double x) {
  constexpr double kTiny = 1e-300, kEpsilon = 1e-16;
  const auto guard = [](double value) { return std::fabs(value) < kTiny ? kTiny : value; };
  double c = 1, d = 1 / guard(1 - (a + b) * x / (a + 1));
  double fraction = d;
  for (int m = 1; m <= 1000; ++m) {
    const double twice_m = 2.0 * m;
    // Even step: d_{2m} = m (b - m) x / ((a + 2m - 1)(a + 2m)).
    double coefficient = m * (b - m) * x / ((a + twice_m - 1) * (a + twice_m));
    d = 1 / guard(1 + coefficient * d);
    c = guard(1 + coefficient / c);
    fraction *= d * c;
    // Odd step: d_{2m+1} = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
    coefficient = -(a + m) * (a + b + m) * x / ((a + twice_m) * (a + twice_m + 1));
    d = 1 / guard(1 + coefficient * d);
    c = guard(1 + coefficient / c);
    const double step = d * c;
    fraction *= step;
    if (std::fabs(step - 1) < kEpsilon) break;
  }
  return fraction;
}

// P(T > t) for t >= 0: half of I_{df / (df + t^2)}(df / 2, 1 / 2). Computed
// directly (not as 1 - cdf) so that small tails keep their precision.
double upper_tail(double t, double df) { return 0.5 * regularized_incomplete_beta(df / 2, 0.5, df / (df + t * t)); }

double critical_value(double confidence, double df) { return student_t_quantile((1 + confidence) / 2, df); }

void check_confidence(double confidence) {
  if (!(confidence > 0 && confidence < 1))
    throw std::invalid_argument("confidence must lie in (0, 1), got " + std::to_string(confidence));
}

}  // namespace

double regularized_incomplete_beta(double a, double b, double x) {
  if (!(a > 0 && b > 0) || !(x >= 0 && x <= 1))
    throw std::invalid_argument("regularized_incomplete_beta: needs a, b > 0 and x in [0, 1]");
  if (x == 0 || x == 1) return x;
  const double log_front = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
  // Use the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where the fraction converges slowly.
  if (x < (a + 1) / (a + b + 2)) return std::exp(log_front) * beta_continued_fraction(a, b, x) / a;
  return 1 - std::exp(log_front) * beta_continued_fraction(b, a, 1 - x) / b;
}

double student_t_cdf(double t, double df) {
  if (!(df > 0)) throw std::invalid_argument("student_t_cdf: degrees of freedom must be > 0");
  if (std::isnan(t)) return kUndefined;
  if (std::isinf(t)) return t > 0 ? 1 : 0;
  return t >= 0 ? 1 - upper_tail(t, df) : upper_tail(-t, df);
}

double student_t_quantile(double p, double df) {
  if (!(df > 0)) throw std::invalid_argument("student_t_quantile: degrees of freedom must be > 0");
  if (!(p > 0 && p < 1)) throw std::invalid_argument("student_t_quantile: p must lie in (0, 1)");
  if (p == 0.5) return 0;
  if (p < 0.5) return -student_t_quantile(1 - p, df);
  const double tail = 1 - p;
  // The upper tail falls with t: bracket the answer, then halve the bracket
  // until it is as narrow as doubles allow.
  double low = 0, high = 1;
  while (upper_tail(high, df) > tail) low = high, high *= 2;
  for (int i = 0; i < 200 && high - low > 1e-15 * high; ++i) {
    const double middle = (low + high) / 2;
    (upper_tail(middle, df) > tail ? low : high) = middle;
  }
  return (low + high) / 2;
}

SignFlipTest sign_flip_test(const std::vector<double>& differences) {
  const size_t n = differences.size();
  if (n == 0) return {kUndefined, true};
  double observed = 0, scale = 0;
  for (double d : differences) observed += d, scale += std::fabs(d);
  if (!std::isfinite(observed)) return {kUndefined, true};
  // Sums that equal the observed one in exact arithmetic may differ in the
  // last bits after a different order of additions; they count as ties.
  const double threshold = std::fabs(observed) - 1e-9 * scale;
  const auto extreme = [&](double sum) { return std::fabs(sum) >= threshold; };

  if (n <= kExactSignFlipLimit) {
    const uint64_t assignments = uint64_t{1} << n;
    uint64_t hits = 0;
    for (uint64_t signs = 0; signs < assignments; ++signs) {
      double sum = 0;
      for (size_t i = 0; i < n; ++i) sum += (signs >> i & 1) ? -differences[i] : differences[i];
      hits += extreme(sum);
    }
    return {static_cast<double>(hits) / static_cast<double>(assignments), true};
  }
  constexpr uint64_t kDraws = uint64_t{1} << kExactSignFlipLimit;
  std::mt19937_64 generator(20210619);  // fixed: the same study gives the same p
  uint64_t hits = 0;
  for (uint64_t draw = 0; draw < kDraws; ++draw) {
    double sum = 0;
    uint64_t bits = 0;
    for (size_t i = 0; i < n; ++i) {
      if (i % 64 == 0) bits = generator();
      sum += (bits >> (i % 64) & 1) ? -differences[i] : differences[i];
    }
    hits += extreme(sum);
  }
  // Counting the observed assignment keeps the estimate a valid p-value (never 0).
  return {static_cast<double>(hits + 1) / static_cast<double>(kDraws + 1), false};
}

PairedSummary summarize_differences(const std::vector<double>& differences, double confidence) {
  check_confidence(confidence);
  PairedSummary summary;
  summary.n = differences.size();
  if (summary.n == 0) {
    summary.mean = summary.sd = summary.ci_low = summary.ci_high = summary.p_value = kUndefined;
    return summary;
  }
  const double n = static_cast<double>(summary.n);
  summary.mean = std::accumulate(differences.begin(), differences.end(), 0.0) / n;
  if (summary.n >= 2) {
    double squares = 0;
    for (double d : differences) squares += (d - summary.mean) * (d - summary.mean);
    summary.sd = std::sqrt(squares / (n - 1));
    const double half_width = critical_value(confidence, n - 1) * summary.sd / std::sqrt(n);
    summary.ci_low = summary.mean - half_width;
    summary.ci_high = summary.mean + half_width;
  } else {
    summary.sd = summary.ci_low = summary.ci_high = kUndefined;
  }
  const SignFlipTest test = sign_flip_test(differences);
  summary.p_value = test.p_value;
  summary.p_exact = test.exact;
  return summary;
}

std::optional<int> seeds_needed(double mean, double sd, int max_seeds, double confidence) {
  check_confidence(confidence);
  if (!std::isfinite(mean) || !std::isfinite(sd) || sd < 0 || mean == 0) return std::nullopt;
  for (int n = 2; n <= max_seeds; ++n)
    if (critical_value(confidence, n - 1) * sd / std::sqrt(static_cast<double>(n)) < std::fabs(mean)) return n;
  return std::nullopt;
}

double smallest_detectable_gain(double sd, size_t n, double confidence) {
  check_confidence(confidence);
  if (n < 2 || !std::isfinite(sd)) return kUndefined;
  return critical_value(confidence, static_cast<double>(n - 1)) * sd / std::sqrt(static_cast<double>(n));
}

}  // namespace naskernel
