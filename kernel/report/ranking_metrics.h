// How well a super-net ranks architectures compared with their ground truth.
// All functions take parallel vectors (item i has score[i] and
// ground_truth[i]) and throw std::invalid_argument for mismatched sizes or
// invalid parameters. A correlation that is undefined (fewer than two items,
// or one side constant) is NaN, never a made-up 0.
#pragma once

#include <vector>

namespace naskernel {

// Kendall's tau-b: (C - D) / sqrt((n0 - n1) (n0 - n2)), where over all
// n0 = n(n-1)/2 pairs C counts concordant and D discordant pairs, n1 the
// pairs tied in x and n2 the pairs tied in y. Pairs tied in both count in
// n1 and n2. Equals scipy.stats.kendalltau's default. O(n^2).
double kendall_tau_b(const std::vector<double>& x, const std::vector<double>& y);

// Sparse Kendall tau (Yu et al. 2020, "Evaluating the Search Phase of Neural
// Architecture Search"): ground truth is first binned to `precision` (e.g.
// 0.1 accuracy points) by rounding to the NEAREST bin, bin = round(gt /
// precision) with halves away from zero, so that differences smaller than
// the noise of stand-alone training count as ties; then tau-b(score, bins).
// precision must be > 0.
double sparse_kendall_tau(const std::vector<double>& score, const std::vector<double>& ground_truth,
                          double precision);

// Spearman's rho: Pearson correlation of the ranks, ties given the average
// of the ranks they span.
double spearman_rho(const std::vector<double>& x, const std::vector<double>& y);

// Ranks 1..n with ties averaged (the ranks Spearman's rho uses).
std::vector<double> average_ranks(const std::vector<double>& values);

// The same ranks counted from the best: 1 = highest value when
// higher_is_better, else 1 = lowest; ties averaged.
std::vector<double> ranks_best_first(const std::vector<double>& values, bool higher_is_better);

struct RankPercentiles {
  double min, median, max;
};

// Where the super-net's top-k architectures (by score) sit in the
// ground-truth ranking of the evaluated set. For each of them, rank = the
// number of evaluated architectures with strictly better ground truth (0 =
// best; ties share the better rank) and percentile = 100 * rank / (n - 1)
// (0 = best, 100 = worst; 0 when n = 1). Returns min, median (mean of the
// middle two for even k) and max over the k. Score and ground truth share
// the direction `higher_is_better`. Ties in score are broken by position
// (earlier first). k is clamped to n; k must be >= 1 and n >= 1.
RankPercentiles top_k_ground_truth_percentiles(const std::vector<double>& score,
                                               const std::vector<double>& ground_truth, int k,
                                               bool higher_is_better);

// |top-k by score ∩ top-k by ground truth| / k, both directions given by
// `higher_is_better`; ties broken by position. k is clamped to n; k >= 1.
double precision_at_k(const std::vector<double>& score, const std::vector<double>& ground_truth, int k,
                      bool higher_is_better);

}  // namespace naskernel
