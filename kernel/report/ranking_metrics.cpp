#include "report/ranking_metrics.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace naskernel {
namespace {

constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();

void require_same_size(const std::vector<double>& a, const std::vector<double>& b, const char* function) {
  if (a.size() != b.size()) {
    throw std::invalid_argument(std::string(function) + ": vectors differ in size (" + std::to_string(a.size()) +
                                " vs " + std::to_string(b.size()) + ")");
  }
}

int sign(double value) { return (value > 0) - (value < 0); }

// Indices ordered best first; stable, so ties keep their input order.
std::vector<size_t> order_best_first(const std::vector<double>& values, bool higher_is_better) {
  std::vector<size_t> order(values.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return higher_is_better ? values[a] > values[b] : values[a] < values[b];
  });
  return order;
}

size_t checked_k(int k, size_t n, const char* function) {
  if (k < 1) throw std::invalid_argument(std::string(function) + ": k must be at least 1, got " + std::to_string(k));
  if (n == 0) throw std::invalid_argument(std::string(function) + ": no architectures to rank");
  return std::min(static_cast<size_t>(k), n);
}

}  // namespace

double kendall_tau_b(const std::vector<double>& x, const std::vector<double>& y) {
  require_same_size(x, y, "kendall_tau_b");
  const size_t n = x.size();
  long long concordant_minus_discordant = 0, tied_x = 0, tied_y = 0;
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = i + 1; j < n; ++j) {
      const int dx = sign(x[i] - x[j]);
      const int dy = sign(y[i] - y[j]);
      tied_x += dx == 0;
      tied_y += dy == 0;
      concordant_minus_discordant += dx * dy;
    }
  }
  const double pairs = static_cast<double>(n) * (static_cast<double>(n) - 1) / 2;
  const double denominator = std::sqrt((pairs - tied_x) * (pairs - tied_y));
  if (!(denominator > 0)) return kUndefined;
  return static_cast<double>(concordant_minus_discordant) / denominator;
}

double sparse_kendall_tau(const std::vector<double>& score, const std::vector<double>& ground_truth,
                          double precision) {
  if (!(precision > 0)) {
    throw std::invalid_argument("sparse_kendall_tau: precision must be positive, got " + std::to_string(precision));
  }
  std::vector<double> bins(ground_truth.size());
  std::transform(ground_truth.begin(), ground_truth.end(), bins.begin(),
                 [precision](double value) { return std::round(value / precision); });
  return kendall_tau_b(score, bins);
}

std::vector<double> average_ranks(const std::vector<double>& values) {
  const std::vector<size_t> order = order_best_first(values, /*higher_is_better=*/false);
  std::vector<double> ranks(values.size());
  for (size_t start = 0; start < order.size();) {
    size_t end = start + 1;
    while (end < order.size() && values[order[end]] == values[order[start]]) ++end;
    const double average = (static_cast<double>(start + 1) + static_cast<double>(end)) / 2;  // ranks start+1..end
    for (size_t i = start; i < end; ++i) ranks[order[i]] = average;
    start = end;
  }
  return ranks;
}

std::vector<double> ranks_best_first(const std::vector<double>& values, bool higher_is_better) {
  std::vector<double> ranks = average_ranks(values);
  if (higher_is_better)
    for (double& rank : ranks) rank = static_cast<double>(values.size()) + 1 - rank;
  return ranks;
}

double spearman_rho(const std::vector<double>& x, const std::vector<double>& y) {
  require_same_size(x, y, "spearman_rho");
  if (x.size() < 2) return kUndefined;
  const std::vector<double> rx = average_ranks(x), ry = average_ranks(y);
  const double mean = (static_cast<double>(x.size()) + 1) / 2;  // average rank is always (n+1)/2
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    sxy += (rx[i] - mean) * (ry[i] - mean);
    sxx += (rx[i] - mean) * (rx[i] - mean);
    syy += (ry[i] - mean) * (ry[i] - mean);
  }
  if (!(sxx > 0 && syy > 0)) return kUndefined;
  return sxy / std::sqrt(sxx * syy);
}

RankPercentiles top_k_ground_truth_percentiles(const std::vector<double>& score,
                                               const std::vector<double>& ground_truth, int k,
                                               bool higher_is_better) {
  require_same_size(score, ground_truth, "top_k_ground_truth_percentiles");
  const size_t n = score.size();
  const size_t top = checked_k(k, n, "top_k_ground_truth_percentiles");
  const std::vector<size_t> by_score = order_best_first(score, higher_is_better);
  std::vector<double> percentiles;
  for (size_t i = 0; i < top; ++i) {
    const double own = ground_truth[by_score[i]];
    size_t better = 0;
    for (double other : ground_truth) better += higher_is_better ? other > own : other < own;
    percentiles.push_back(n == 1 ? 0.0 : 100.0 * static_cast<double>(better) / static_cast<double>(n - 1));
  }
  std::sort(percentiles.begin(), percentiles.end());
  const size_t middle = percentiles.size() / 2;
  const double median =
      percentiles.size() % 2 ? percentiles[middle] : (percentiles[middle - 1] + percentiles[middle]) / 2;
  return {percentiles.front(), median, percentiles.back()};
}

double precision_at_k(const std::vector<double>& score, const std::vector<double>& ground_truth, int k,
                      bool higher_is_better) {
  require_same_size(score, ground_truth, "precision_at_k");
  const size_t top = checked_k(k, score.size(), "precision_at_k");
  std::vector<size_t> by_score = order_best_first(score, higher_is_better);
  std::vector<size_t> by_truth = order_best_first(ground_truth, higher_is_better);
  by_score.resize(top);
  by_truth.resize(top);
  std::sort(by_score.begin(), by_score.end());
  std::sort(by_truth.begin(), by_truth.end());
  std::vector<size_t> common;
  std::set_intersection(by_score.begin(), by_score.end(), by_truth.begin(), by_truth.end(), std::back_inserter(common));
  return static_cast<double>(common.size()) / static_cast<double>(top);
}

}  // namespace naskernel
