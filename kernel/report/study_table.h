// The study table: each variant (e.g. "SPOS", "SPOS + landmarks") run with
// several seeds, summarised as mean ± sample standard deviation, in the shape
// of Table 1 of the landmark-regularization paper.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace naskernel {

struct SeedResult {
  std::string variant;
  int64_t seed = 0;
  double skdt = 0, kdt = 0, spearman = 0;  // ranking correlations on the evaluation set
  std::vector<double> found_ground_truth;  // ground truth of the architectures the search proposed
  double best_found = 0;                   // best ground truth among them
  std::optional<int64_t> best_rank;        // its rank in the whole space (1 = best), if enumerable
  double cost_hours = 0;                   // CPU- or GPU-hours of the search
  // Kendall tau-b of the super-net's scores of the landmarks against their
  // ground truth at the end; NaN when the run had fewer than two landmarks.
  double landmark_kdt = NAN;
  // Ground-truth repeatability of the run's evaluation set, with
  // ground_truth.repeats >= 2 (see ground_truth_repeatability.h): seeds per
  // architecture, Kendall tau-b between the first two seeds' values, and the
  // mean per-architecture sample standard deviation; NaN without repeats.
  size_t ground_truth_repeats = 1;
  double ground_truth_repeat_kdt = NAN;
  double ground_truth_sd = NAN;
  // As landmark_kdt, with the landmarks ordered by their mean task loss on
  // fixed search_landmark batches: the order the landmark regularizer sees.
  double landmark_loss_kdt = NAN;
  // The final super-net scores' own noise (see score_noise.h): noise / spread
  // across the evaluation set, and the two halves' Kendall tau-b; NaN with
  // one evaluation batch, or in results written before it was measured.
  double score_noise_ratio = NAN;
  double score_split_half_kdt = NAN;
};

// Mean and sample standard deviation (divisor n - 1) of `count` values.
// mean is NaN when count == 0, std is NaN when count < 2 (undefined, printed
// "n/a"), and both are NaN if any value is NaN.
struct MeanStd {
  double mean = 0, std = 0;
  size_t count = 0;
};
MeanStd mean_and_sample_std(const std::vector<double>& values);

struct VariantRow {
  std::string variant;
  size_t seeds = 0;
  MeanStd skdt, kdt, spearman;
  MeanStd mean_found;  // over seeds of (mean over that seed's found architectures); seeds with none skipped
  MeanStd best_found;
  MeanStd best_rank;   // over the seeds that have a rank; count says how many
  MeanStd cost_hours;
  MeanStd landmark_kdt;  // over the seeds where it is defined; count says how many
  MeanStd landmark_loss_kdt;  // likewise
  // Over the runs with repeated ground truth; count says how many.
  size_t ground_truth_repeats = 1;  // the most seeds per architecture among its runs
  MeanStd ground_truth_repeat_kdt, ground_truth_sd;
  MeanStd score_noise_ratio, score_split_half_kdt;  // over the runs that measured it
};

// Whether any row has repeated ground truth (ground_truth.repeats >= 2).
bool has_ground_truth_repeats(const std::vector<VariantRow>& rows);
// Whether any row has measured score noise.
bool has_score_noise(const std::vector<VariantRow>& rows);

// One row per variant, in order of first appearance.
std::vector<VariantRow> summarize(const std::vector<SeedResult>& results);

// A GitHub-flavoured Markdown table: Variant | Seeds | S-KdT | KdT | Spearman
// | Landmark KdT | Landmark loss-KdT | Mean METRIC | Best METRIC | Best rank | Cost (COST_UNIT),
// each cell "mean ± std"; "± n/a" when only one seed contributed, "n/a" when
// none; a count "(k/n seeds)" where fewer seeds than the variant's have one.
std::string to_markdown(const std::vector<VariantRow>& rows, const std::string& metric_name,
                        const std::string& cost_unit);

// Machine-readable: one line per variant, columns NAME_mean, NAME_std and
// (where it can differ from seeds) NAME_count; undefined values are empty.
// With repeated ground truth (has_ground_truth_repeats) the columns
// ground_truth_repeats, ground_truth_repeat_kdt_* and ground_truth_sd_*
// follow; without, the table is as before. With score noise
// (has_score_noise) the columns score_noise_ratio_* and
// score_split_half_kdt_* come last.
std::string to_csv(const std::vector<VariantRow>& rows);

}  // namespace naskernel
