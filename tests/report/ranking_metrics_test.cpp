#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <stdexcept>

#include "report/ranking_metrics.h"

using namespace naskernel;

TEST_CASE("kendall_tau_b matches hand-computed values") {
  // x = 1 2 3 4 5, y = 3 1 2 5 4. Of the 10 pairs, (0,1) (0,2) (3,4) are
  // discordant and the other 7 concordant: (7 - 3) / 10 = 0.4.
  CHECK(kendall_tau_b({1, 2, 3, 4, 5}, {3, 1, 2, 5, 4}) == doctest::Approx(0.4));

  // With ties. x = 1 2 2 3, y = 1 3 2 2; six pairs:
  //   (0,1) C  (0,2) C  (0,3) C  (1,2) tied in x  (1,3) D  (2,3) tied in y
  // C - D = 2, n0 = 6, n1 = 1, n2 = 1: tau-b = 2 / sqrt(5 * 5) = 0.4.
  CHECK(kendall_tau_b({1, 2, 2, 3}, {1, 3, 2, 2}) == doctest::Approx(0.4));

  // A pair tied in both counts in n1 and n2: x = 1 1 2, y = 5 5 6.
  // C - D = 2, n0 = 3, n1 = n2 = 1: 2 / sqrt(2 * 2) = 1.
  CHECK(kendall_tau_b({1, 1, 2}, {5, 5, 6}) == doctest::Approx(1.0));

  // Tau-a would give 2/6 here; tau-b's tie correction is what we want:
  // x = 1 1 1 2, y = 1 2 3 4: C = 3 (pairs with item 3), n1 = 3: 3 / sqrt(3 * 6).
  CHECK(kendall_tau_b({1, 1, 1, 2}, {1, 2, 3, 4}) == doctest::Approx(3 / std::sqrt(18.0)));
}

TEST_CASE("kendall_tau_b properties") {
  std::vector<double> x(50);
  std::iota(x.begin(), x.end(), 0.0);
  std::vector<double> reversed(x.rbegin(), x.rend());
  CHECK(kendall_tau_b(x, x) == doctest::Approx(1.0));
  CHECK(kendall_tau_b(x, reversed) == doctest::Approx(-1.0));

  std::mt19937 rng(7);
  std::vector<double> shuffled = x;
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  const double tau = kendall_tau_b(x, shuffled);
  CHECK(tau == doctest::Approx(kendall_tau_b(shuffled, x)));  // symmetric
  std::vector<double> transformed(x.size());
  std::transform(x.begin(), x.end(), transformed.begin(), [](double v) { return std::exp(v / 10) - 3; });
  CHECK(kendall_tau_b(transformed, shuffled) == doctest::Approx(tau));  // only the order matters
  CHECK(tau > -1);
  CHECK(tau < 1);

  CHECK(std::isnan(kendall_tau_b({1, 2, 3}, {4, 4, 4})));  // undefined, not 0
  CHECK(std::isnan(kendall_tau_b({1}, {2})));
  CHECK(std::isnan(kendall_tau_b({}, {})));
  CHECK_THROWS_AS(kendall_tau_b({1, 2}, {1, 2, 3}), std::invalid_argument);
}

TEST_CASE("sparse_kendall_tau rounds ground truth to the nearest bin") {
  const std::vector<double> score = {1, 2, 3, 4};
  const std::vector<double> accuracy = {93.41, 93.44, 93.46, 93.70};
  CHECK(kendall_tau_b(score, accuracy) == doctest::Approx(1.0));
  // Bins at precision 0.1: round(934.1, 934.4, 934.6, 937.0) = 934 934 935 937.
  // One pair tied in y, five concordant: 5 / sqrt(6 * 5).
  // (Flooring would give 934 934 934 937 and 3 / sqrt(6 * 3) = 0.707.)
  CHECK(sparse_kendall_tau(score, accuracy, 0.1) == doctest::Approx(5 / std::sqrt(30.0)));
  // Coarser precision ties more: precision 1 gives bins 93 93 93 94.
  CHECK(sparse_kendall_tau(score, accuracy, 1.0) == doctest::Approx(3 / std::sqrt(18.0)));
  // Differences below the precision no longer count as disagreements.
  CHECK(kendall_tau_b({2, 1}, {93.41, 93.44}) == doctest::Approx(-1.0));
  CHECK(std::isnan(sparse_kendall_tau({2, 1}, {93.41, 93.44}, 0.1)));
  CHECK(sparse_kendall_tau({3, 2, 1}, {93.41, 93.44, 90.0}, 0.1) == doctest::Approx(std::sqrt(2.0 / 3.0)));
  CHECK_THROWS_AS(sparse_kendall_tau(score, accuracy, 0.0), std::invalid_argument);
  CHECK_THROWS_AS(sparse_kendall_tau(score, accuracy, -0.1), std::invalid_argument);
}

TEST_CASE("spearman_rho with and without ties") {
  // Ranks 1..5 vs 3 1 2 5 4: sum d^2 = 8, rho = 1 - 6 * 8 / (5 * 24) = 0.6.
  CHECK(spearman_rho({1, 2, 3, 4, 5}, {3, 1, 2, 5, 4}) == doctest::Approx(0.6));
  // x = 1 2 2 3 -> ranks 1 2.5 2.5 4; y = 1 3 2 2 -> ranks 1 4 2.5 2.5.
  // Centred (mean 2.5): dx = -1.5 0 0 1.5, dy = -1.5 1.5 0 0;
  // sum dx dy = 2.25, sum dx^2 = sum dy^2 = 4.5: rho = 0.5.
  CHECK(spearman_rho({1, 2, 2, 3}, {1, 3, 2, 2}) == doctest::Approx(0.5));
  CHECK(average_ranks({10, 30, 20, 20}) == std::vector<double>{1, 4, 2.5, 2.5});
  CHECK(ranks_best_first({10, 30, 20, 20}, /*higher_is_better=*/true) == std::vector<double>{4, 1, 2.5, 2.5});
  CHECK(ranks_best_first({10, 30, 20, 20}, /*higher_is_better=*/false) == std::vector<double>{1, 4, 2.5, 2.5});

  std::vector<double> x = {0.3, 0.1, 0.9, 0.5, 0.7};
  std::vector<double> reversed = {-0.3, -0.1, -0.9, -0.5, -0.7};
  CHECK(spearman_rho(x, x) == doctest::Approx(1.0));
  CHECK(spearman_rho(x, reversed) == doctest::Approx(-1.0));
  CHECK(std::isnan(spearman_rho({1, 2}, {3, 3})));
  CHECK_THROWS_AS(spearman_rho({1}, {1, 2}), std::invalid_argument);
}

TEST_CASE("top_k_ground_truth_percentiles") {
  const std::vector<double> score = {0.9, 0.8, 0.7, 0.6, 0.5};
  const std::vector<double> truth = {90, 95, 85, 92, 80};
  // Top 3 by score: items 0 1 2 with truth 90 95 85. Better ones:
  // 90 -> {95, 92} rank 2; 95 -> rank 0; 85 -> {90, 95, 92} rank 3.
  // Percentile = 100 * rank / (n - 1) = 50, 0, 75.
  RankPercentiles p = top_k_ground_truth_percentiles(score, truth, 3, true);
  CHECK(p.min == doctest::Approx(0));
  CHECK(p.median == doctest::Approx(50));
  CHECK(p.max == doctest::Approx(75));
  // Lower is better: top 3 = items 4 3 2 with truth 80 92 85; ranks 0, 3, 1.
  p = top_k_ground_truth_percentiles(score, truth, 3, false);
  CHECK(p.min == doctest::Approx(0));
  CHECK(p.median == doctest::Approx(25));
  CHECK(p.max == doctest::Approx(75));
  // Even k: median is the mean of the middle two (ranks 2 and 0 -> 50 and 0).
  p = top_k_ground_truth_percentiles(score, truth, 2, true);
  CHECK(p.median == doctest::Approx(25));
  // Ties in ground truth share the better rank.
  p = top_k_ground_truth_percentiles({3, 2, 1}, {90, 90, 80}, 2, true);
  CHECK(p.max == doctest::Approx(0));
  // Perfect and reversed scorers.
  p = top_k_ground_truth_percentiles(truth, truth, 1, true);
  CHECK(p.max == doctest::Approx(0));
  p = top_k_ground_truth_percentiles({-90, -95, -85, -92, -80}, truth, 1, true);  // picks the worst
  CHECK(p.min == doctest::Approx(100));
  // k larger than n is clamped; one item is at percentile 0.
  CHECK(top_k_ground_truth_percentiles(score, truth, 99, true).max == doctest::Approx(100));
  CHECK(top_k_ground_truth_percentiles({1}, {5}, 1, true).max == 0);
  CHECK_THROWS_AS(top_k_ground_truth_percentiles(score, truth, 0, true), std::invalid_argument);
  CHECK_THROWS_AS(top_k_ground_truth_percentiles({}, {}, 1, true), std::invalid_argument);
}

TEST_CASE("precision_at_k") {
  const std::vector<double> score = {0.9, 0.8, 0.7, 0.6, 0.5};
  const std::vector<double> truth = {90, 95, 85, 92, 80};
  // k = 2: by score {0, 1}, by truth {1, 3}: one in common.
  CHECK(precision_at_k(score, truth, 2, true) == doctest::Approx(0.5));
  // k = 3: by score {0, 1, 2}, by truth {1, 3, 0}: two in common.
  CHECK(precision_at_k(score, truth, 3, true) == doctest::Approx(2.0 / 3.0));
  // Lower is better, k = 2: by score {4, 3}, by truth {4, 2}.
  CHECK(precision_at_k(score, truth, 2, false) == doctest::Approx(0.5));
  CHECK(precision_at_k(score, truth, 5, true) == doctest::Approx(1.0));
  CHECK(precision_at_k(score, truth, 50, true) == doctest::Approx(1.0));
  CHECK(precision_at_k(truth, truth, 2, true) == doctest::Approx(1.0));
  std::vector<double> reversed(truth.size());
  std::transform(truth.begin(), truth.end(), reversed.begin(), [](double v) { return -v; });
  CHECK(precision_at_k(reversed, truth, 2, true) == doctest::Approx(0.0));
  CHECK_THROWS_AS(precision_at_k(score, truth, -1, true), std::invalid_argument);
}
