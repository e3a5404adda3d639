// Paired comparisons of study variants with a baseline variant. Runs with
// the same seed share data splits, initial weights, the path stream and the
// evaluation set, so the per-seed difference (variant − baseline) removes
// the seed's own luck and is far less noisy than comparing two means.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "report/paired_statistics.h"
#include "report/study_table.h"
#include "report/svg_plot.h"

namespace naskernel {

// One metric of one comparison.
struct PairedMetric {
  std::string key;    // "skdt", "kdt", "spearman", "mean_found" or "best_found"
  std::string label;  // "S-KdT", "KdT", "Spearman", "Mean METRIC", "Best METRIC"
  int decimals = 3;   // for printing: 3 for correlations, 2 for ground truth
  std::vector<int64_t> seeds;       // where both runs have a finite value, ascending
  std::vector<double> differences;  // variant − baseline, one per seed above
  PairedSummary summary;            // 95% interval and sign-flip p of the differences
};

struct Comparison {
  std::string variant, baseline;
  std::vector<PairedMetric> metrics;  // in the order of PairedMetric::key's list
  // The metric with this key; throws std::out_of_range for an unknown key.
  const PairedMetric& metric(const std::string& key) const;
};

// Throws ConfigError "LOCATION key `KEY_PATH` names `X`, which is not a
// variant (did you mean `Y`?); the variants are `A`, `B`" unless `baseline`
// is one of `variants`. `location` is "file:line:col: " or "".
void check_baseline(const std::string& baseline, const std::vector<std::string>& variants,
                    const std::string& location, const std::string& key_path);

// One comparison per variant other than `baseline`, in order of first
// appearance in `results`; seeds pair by value (a seed missing on either
// side, or a NaN there, is left out of that metric). The mean found ground
// truth of a seed is the mean over its proposals; a seed without proposals
// has none. `metric_name` labels the ground-truth rows.
std::vector<Comparison> compare_with_baseline(const std::vector<SeedResult>& results, const std::string& baseline,
                                              const std::string& metric_name);

// "SPOS+landmark − SPOS: +0.050 S-KdT [−0.080, +0.180], p = 0.5 (3 seeds):
// not distinguishable", one Markdown list item per comparison, for S-KdT.
// "distinguishable at 95%" only when the interval excludes 0.
std::string paired_sentences(const std::vector<Comparison>& comparisons);

// | Comparison | Metric | Differences by seed | Mean [95% CI] | p | n |
std::string paired_markdown(const std::vector<Comparison>& comparisons);

// Per comparison, for S-KdT: | Comparison | Mean gain | Paired sd | Seeds |
// Seeds needed | Smallest detectable gain |, from seeds_needed (up to
// max_seeds, else "more than MAX") and smallest_detectable_gain.
std::string power_markdown(const std::vector<Comparison>& comparisons, int max_seeds = 100);

// Machine-readable, one line per comparison and metric: variant, baseline,
// metric, n, seeds and differences (each ';'-separated, in the same order),
// mean, sd, ci_low, ci_high, p_value, p_exact, seeds_needed (">MAX" beyond
// max_seeds, empty when undefined), smallest_detectable_gain.
std::string paired_csv(const std::vector<Comparison>& comparisons, int max_seeds = 100);

// Values per seed and epoch, e.g. the S-KdT of each evaluation of each run.
using ValuesBySeedAndEpoch = std::map<int64_t, std::map<int, double>>;

// The paired difference over epochs: at each epoch both sides have, the
// mean over seeds of variant − baseline, with the min..max over seeds as
// the band. Non-finite values are left out.
Series paired_difference_over_epochs(const std::string& label, const ValuesBySeedAndEpoch& variant,
                                     const ValuesBySeedAndEpoch& baseline);

}  // namespace naskernel
