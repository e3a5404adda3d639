#include "report/ground_truth_repeatability.h"

#include "report/ranking_metrics.h"
#include "report/study_table.h"

#include <stdexcept>
#include <string>

namespace naskernel {

GroundTruthRepeatability ground_truth_repeatability(const std::vector<std::vector<double>>& values) {
  GroundTruthRepeatability result;
  result.archs = values.size();
  if (values.empty()) return result;
  result.repeats = values.front().size();
  std::vector<double> first, second, stds;
  for (size_t i = 0; i < values.size(); ++i) {
    if (values[i].size() < 2 || values[i].size() != result.repeats)
      throw std::invalid_argument("ground_truth_repeatability: architecture " + std::to_string(i) + " has " +
                                  std::to_string(values[i].size()) + " values, expected " +
                                  std::to_string(result.repeats) + " (at least 2)");
    first.push_back(values[i][0]);
    second.push_back(values[i][1]);
    stds.push_back(mean_and_sample_std(values[i]).std);
  }
  result.kendall_first_two = kendall_tau_b(first, second);
  result.mean_std = mean_and_sample_std(stds).mean;
  return result;
}

}  // namespace naskernel
