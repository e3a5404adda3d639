// Comparing super-net scores with ground truth on a set of architectures.
#pragma once

#include <nlohmann/json.hpp>

#include <vector>

namespace naskernel {

// kdt, skdt, spearman, top{1,5,10} ground-truth rank percentiles
// (min/median/max) and precision@{5,10}, as one JSON object.
nlohmann::json ranking_metrics(const std::vector<double>& scores, const std::vector<double>& ground_truth,
                               bool higher_is_better, double skdt_precision);

}  // namespace naskernel
