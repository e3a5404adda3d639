#include "ranking_evaluation.h"

#include "../report/ranking_metrics.h"

namespace naskernel {

nlohmann::json ranking_metrics(const std::vector<double>& scores, const std::vector<double>& ground_truth,
                               bool higher_is_better, double skdt_precision) {
  nlohmann::json out;
  const int n = static_cast<int>(scores.size());
  out["n"] = n;
  if (n < 2) return out;
  out["kdt"] = kendall_tau_b(scores, ground_truth);
  out["skdt"] = sparse_kendall_tau(scores, ground_truth, skdt_precision);
  out["spearman"] = spearman_rho(scores, ground_truth);
  for (int k : {1, 5, 10}) {
    if (k > n) break;
    const auto p = top_k_ground_truth_percentiles(scores, ground_truth, k, higher_is_better);
    out["top" + std::to_string(k) + "_gt_percentile"] = {{"min", p.min}, {"median", p.median}, {"max", p.max}};
  }
  for (int k : {5, 10})
    if (k <= n) out["precision_at_" + std::to_string(k)] = precision_at_k(scores, ground_truth, k, higher_is_better);
  return out;
}

}  // namespace naskernel
