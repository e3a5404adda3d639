#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>
#include <vector>

#include "report/paired_statistics.h"

using namespace naskernel;

namespace {
const double kPi = std::acos(-1.0);
}  // namespace

TEST_CASE("regularized_incomplete_beta on closed forms") {
  for (double x : {0.0, 0.1, 0.37, 0.5, 0.9, 1.0}) {
    CAPTURE(x);
    CHECK(regularized_incomplete_beta(1, 1, x) == doctest::Approx(x));                  // uniform
    CHECK(regularized_incomplete_beta(3, 1, x) == doctest::Approx(x * x * x));          // x^a
    CHECK(regularized_incomplete_beta(1, 2, x) == doctest::Approx(1 - (1 - x) * (1 - x)));  // 1 - (1-x)^b
  }
  CHECK(regularized_incomplete_beta(7.5, 7.5, 0.5) == doctest::Approx(0.5));  // symmetric
  CHECK_THROWS_AS(regularized_incomplete_beta(0, 1, 0.5), std::invalid_argument);
  CHECK_THROWS_AS(regularized_incomplete_beta(1, 1, 1.5), std::invalid_argument);
}

TEST_CASE("student_t_cdf on closed forms") {
  CHECK(student_t_cdf(0, 3) == doctest::Approx(0.5));
  // df = 1 is the Cauchy distribution: F(t) = 1/2 + atan(t) / pi.
  CHECK(student_t_cdf(1, 1) == doctest::Approx(0.75));
  CHECK(student_t_cdf(-3, 1) == doctest::Approx(0.5 + std::atan(-3.0) / kPi));
  // df = 2: F(t) = 1/2 + t / (2 sqrt(t^2 + 2)).
  CHECK(student_t_cdf(1, 2) == doctest::Approx(0.5 + 1 / (2 * std::sqrt(3.0))));
  CHECK(student_t_cdf(-2.5, 2) == doctest::Approx(0.5 - 2.5 / (2 * std::sqrt(8.25))));
}

TEST_CASE("student_t_quantile matches the t table") {
  // Two-sided 95% critical values t(0.975, df), from the standard table, to 3 decimals.
  const std::vector<std::pair<double, double>> table = {{1, 12.706}, {2, 4.303}, {3, 3.182}, {4, 2.776},
                                                        {5, 2.571},  {10, 2.228}, {20, 2.086}, {30, 2.042}};
  for (const auto& [df, expected] : table) {
    CAPTURE(df);
    CHECK(std::fabs(student_t_quantile(0.975, df) - expected) < 5e-4);
  }
  // More digits where they are well known.
  CHECK(student_t_quantile(0.975, 1) == doctest::Approx(12.7062047).epsilon(1e-8));
  CHECK(student_t_quantile(0.975, 2) == doctest::Approx(4.30265273).epsilon(1e-8));
  CHECK(student_t_quantile(0.975, 4) == doctest::Approx(2.77644511).epsilon(1e-8));
  // df = 1 in closed form: tan(pi (p - 1/2)).
  CHECK(student_t_quantile(0.9, 1) == doctest::Approx(std::tan(kPi * 0.4)).epsilon(1e-10));
  // The normal limit: 1.959964.
  CHECK(std::fabs(student_t_quantile(0.975, 1e8) - 1.959964) < 1e-6);
  CHECK(student_t_quantile(0.025, 7) == doctest::Approx(-student_t_quantile(0.975, 7)));
  CHECK(student_t_quantile(0.5, 3) == 0);
  for (double p : {0.6, 0.95, 0.999}) CHECK(student_t_cdf(student_t_quantile(p, 6), 6) == doctest::Approx(p));
  CHECK_THROWS_AS(student_t_quantile(1.0, 3), std::invalid_argument);
  CHECK_THROWS_AS(student_t_quantile(0.975, 0), std::invalid_argument);
}

TEST_CASE("three seeds: {0.1, 0.2, 0.3}") {
  const PairedSummary s = summarize_differences({0.1, 0.2, 0.3});
  CHECK(s.n == 3);
  CHECK(s.mean == doctest::Approx(0.2));
  CHECK(s.sd == doctest::Approx(0.1));  // deviations -0.1 0 0.1: sqrt(0.02 / 2)
  // 0.2 ± 4.3027 * 0.1 / sqrt(3) = 0.2 ± 0.2484.
  CHECK(s.ci_low == doctest::Approx(-0.0484).epsilon(1e-3));
  CHECK(s.ci_high == doctest::Approx(0.4484).epsilon(1e-3));
  CHECK_FALSE(s.excludes_zero());
  // Sign sums: ±0.6, ±0.4, ±0.2, 0, 0; only ±0.6 reach |0.6|: 2 of 8.
  CHECK(s.p_value == doctest::Approx(0.25));
  CHECK(s.p_exact);
}

TEST_CASE("five seeds: {0.3, -0.1, 0.2, 0.4, 0.2}") {
  const PairedSummary s = summarize_differences({0.3, -0.1, 0.2, 0.4, 0.2});
  CHECK(s.n == 5);
  CHECK(s.mean == doctest::Approx(0.2));
  // Deviations 0.1 -0.3 0 0.2 0: squares sum 0.14, variance 0.14 / 4 = 0.035.
  CHECK(s.sd == doctest::Approx(std::sqrt(0.035)));
  // 0.2 ± 2.7764 * 0.18708 / sqrt(5) = 0.2 ± 0.23229.
  CHECK(s.ci_low == doctest::Approx(-0.03229).epsilon(1e-4));
  CHECK(s.ci_high == doctest::Approx(0.43229).epsilon(1e-4));
  // Observed sum 1.0. |sum| >= 1.0 only for the observed signs (1.0), the
  // -0.1 flipped (1.2), and their two mirror images: 4 of 32.
  CHECK(s.p_value == doctest::Approx(0.125));
}

TEST_CASE("five seeds all positive: the interval excludes 0, p cannot go below 2 / 32") {
  const PairedSummary s = summarize_differences({0.1, 0.2, 0.3, 0.4, 0.5});
  CHECK(s.mean == doctest::Approx(0.3));
  CHECK(s.sd == doctest::Approx(std::sqrt(0.025)));
  // 0.3 ± 2.7764 * 0.15811 / sqrt(5) = 0.3 ± 0.19632.
  CHECK(s.ci_low == doctest::Approx(0.10368).epsilon(1e-4));
  CHECK(s.ci_high == doctest::Approx(0.49632).epsilon(1e-4));
  CHECK(s.excludes_zero());
  CHECK(s.p_value == doctest::Approx(0.0625));
}

TEST_CASE("sign-flip sums equal to the observed one count, despite rounding") {
  // Four differences of size 0.1 summing to 0.2: the signed sums are 0.4,
  // 0.2, 0, -0.2 or -0.4, and all but the 6 with two signs of each kind reach
  // |0.2|: 10 of 16. In doubles 0.1 + 0.1 + 0.1 - 0.1 and 0.1 - 0.1 + 0.1 +
  // 0.1 differ in the last bit; a strict >= would count only 4 of 16.
  CHECK(sign_flip_test({0.1, 0.1, 0.1, -0.1}).p_value == doctest::Approx(0.625));
  // No effect at all: every assignment ties.
  CHECK(sign_flip_test({0, 0, 0, 0}).p_value == doctest::Approx(1.0));
}

TEST_CASE("degenerate numbers of seeds") {
  const PairedSummary one = summarize_differences({0.2});
  CHECK(one.mean == doctest::Approx(0.2));
  CHECK(std::isnan(one.sd));
  CHECK(std::isnan(one.ci_low));
  CHECK_FALSE(one.excludes_zero());
  CHECK(one.p_value == doctest::Approx(1.0));  // both signs give |0.2|
  const PairedSummary none = summarize_differences({});
  CHECK(none.n == 0);
  CHECK(std::isnan(none.mean));
  CHECK(std::isnan(none.p_value));
  CHECK_FALSE(none.excludes_zero());
}

TEST_CASE("beyond 20 seeds the sign-flip p is a reproducible Monte Carlo estimate") {
  // 13 differences of +1 and 8 of -1: observed sum 5. The sum of 21 random
  // signs is 2B - 21 with B ~ Binomial(21, 1/2), so p = P(B >= 13 or B <= 8)
  // = 2 * sum_{k=13..21} C(21, k) / 2^21 = 0.383310.
  std::vector<double> differences(21, 1.0);
  for (int i = 0; i < 8; ++i) differences[i] = -1.0;
  const SignFlipTest test = sign_flip_test(differences);
  CHECK_FALSE(test.exact);
  CHECK(std::fabs(test.p_value - 0.383310) < 0.003);  // standard error ~0.0005 with 2^20 draws
  CHECK(sign_flip_test(differences).p_value == test.p_value);
  // Never 0: the observed assignment counts.
  CHECK(sign_flip_test(std::vector<double>(25, 0.1)).p_value > 0);
}

TEST_CASE("seeds_needed and smallest_detectable_gain") {
  // Mean 0.2, sd 0.1: n = 3 gives 4.3027 * 0.1 / sqrt(3) = 0.2484 >= 0.2,
  // n = 4 gives 3.1824 * 0.1 / 2 = 0.1591 < 0.2.
  CHECK(seeds_needed(0.2, 0.1) == 4);
  CHECK(seeds_needed(-0.2, 0.1) == 4);  // the sign of the gain does not matter
  // Mean 0.05, sd 0.1: n = 17 gives 2.1199 * 0.1 / sqrt(17) = 0.05142,
  // n = 18 gives 2.1098 * 0.1 / sqrt(18) = 0.04973 < 0.05.
  CHECK(seeds_needed(0.05, 0.1) == 18);
  CHECK(seeds_needed(0.05, 0.1, 17) == std::nullopt);  // the cap
  CHECK(seeds_needed(0.001, 0.1) == std::nullopt);     // would need ~38,000
  CHECK(seeds_needed(0, 0.1) == std::nullopt);
  CHECK(seeds_needed(0.1, 0) == 2);  // no spread: two seeds suffice
  CHECK(seeds_needed(0.1, NAN) == std::nullopt);

  CHECK(smallest_detectable_gain(0.1, 3) == doctest::Approx(0.248414).epsilon(1e-5));
  CHECK(smallest_detectable_gain(0.1, 4) == doctest::Approx(0.159122).epsilon(1e-5));
  CHECK(std::isnan(smallest_detectable_gain(0.1, 1)));
  CHECK(std::isnan(smallest_detectable_gain(NAN, 5)));
}
