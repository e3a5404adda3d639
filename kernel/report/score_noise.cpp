#include "report/score_noise.h"

#include "report/ranking_metrics.h"
#include "report/study_table.h"

#include <stdexcept>
#include <string>

namespace naskernel {

ScoreNoise score_noise(const std::vector<double>& all, const std::vector<double>& first,
                       const std::vector<double>& second) {
  ScoreNoise result;
  result.archs = all.size();
  if (first.empty() && second.empty()) return result;  // one batch: no halves
  if (first.size() != all.size() || second.size() != all.size())
    throw std::invalid_argument("score_noise: " + std::to_string(all.size()) + " scores but halves of " +
                                std::to_string(first.size()) + " and " + std::to_string(second.size()));
  if (all.size() < 2) return result;
  std::vector<double> half_differences;
  for (size_t i = 0; i < all.size(); ++i) half_differences.push_back((first[i] - second[i]) / 2);
  result.noise = mean_and_sample_std(half_differences).std;
  result.spread = mean_and_sample_std(all).std;
  result.ratio = result.spread > 0 ? result.noise / result.spread : NAN;
  result.split_half_kdt = kendall_tau_b(first, second);
  return result;
}

}  // namespace naskernel
