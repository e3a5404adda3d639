// study.md: the per-variant table, the paired comparisons with the baseline
// (in words and as a table), the power figures, and footnotes that define
// every figure.
#pragma once

#include <string>
#include <vector>

#include "report/paired_comparison.h"
#include "report/study_table.h"

namespace naskernel {

struct StudyReportInputs {
  std::vector<VariantRow> rows;
  std::vector<Comparison> comparisons;  // empty when the study has one variant
  std::string baseline;
  std::string metric_name;              // e.g. "test accuracy (%)"
  bool higher_is_better = true;         // of the ground truth
  std::string cost_unit;                // "CPU-hours" or "GPU-hours"
  int max_seeds = 100;                  // the power figure's cap
};

std::string study_markdown(const StudyReportInputs& inputs);

}  // namespace naskernel
