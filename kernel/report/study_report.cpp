#include "report/study_report.h"

#include "report/table_text.h"

#include <cmath>

namespace naskernel {

namespace {

std::string mean_std_cell(const MeanStd& value, int decimals) {
  if (value.count == 0 || std::isnan(value.mean)) return "n/a";
  return fixed(value.mean, decimals) + " ± " + (std::isnan(value.std) ? "n/a" : fixed(value.std, decimals));
}

// The ground truth's agreement with itself across stand-alone seeds, per
// variant and over all runs: the ceiling of any super-net ranking.
std::string repeatability_section(const StudyReportInputs& in) {
  std::string text =
      "## Ground-truth repeatability: the ceiling\n\n"
      "| Variant | Runs | Seeds per architecture | Kendall tau-b, first vs second seed | Mean per-architecture sd (" +
      in.metric_name + ") |\n|---|---:|---:|---:|---:|\n";
  double kendall_sum = 0, sd_sum = 0;
  size_t kendall_runs = 0, sd_runs = 0;
  for (const VariantRow& row : in.rows) {
    if (row.ground_truth_sd.count == 0) continue;
    text += "| " + markdown_text(row.variant) + " | " + std::to_string(row.ground_truth_sd.count) + " | " +
            std::to_string(row.ground_truth_repeats) + " | " + mean_std_cell(row.ground_truth_repeat_kdt, 3) + " | " +
            mean_std_cell(row.ground_truth_sd, 3) + " |\n";
    if (row.ground_truth_repeat_kdt.count > 0) {
      kendall_sum += row.ground_truth_repeat_kdt.mean * static_cast<double>(row.ground_truth_repeat_kdt.count);
      kendall_runs += row.ground_truth_repeat_kdt.count;
    }
    sd_sum += row.ground_truth_sd.mean * static_cast<double>(row.ground_truth_sd.count);
    sd_runs += row.ground_truth_sd.count;
  }
  const std::string runs = std::to_string(sd_runs) + (sd_runs == 1 ? " run" : " runs");
  text += "\nThe stand-alone ground truth of the evaluation set agrees with itself at Kendall tau-b " +
          (kendall_runs > 0 ? fixed(kendall_sum / static_cast<double>(kendall_runs), 3) : std::string("n/a")) +
          " between two training seeds, with a per-architecture sd of " +
          fixed(sd_sum / static_cast<double>(sd_runs), 3) + " " + in.metric_name + " (mean over " + runs +
          "). This is the ceiling the super-net's ranking is measured against: a KdT near it is as good as this "
          "ground truth can show.\n\n";
  return text;
}

// The super-net scores' own noise per variant: how finely its scores can
// rank at all, whatever it learned.
std::string score_noise_section(const StudyReportInputs& in) {
  std::string text =
      "## Super-net score noise\n\n"
      "| Variant | Runs | Score noise / spread across architectures | Split-half Kendall tau-b |\n"
      "|---|---:|---:|---:|\n";
  for (const VariantRow& row : in.rows) {
    if (row.score_noise_ratio.count == 0) continue;
    text += "| " + markdown_text(row.variant) + " | " + std::to_string(row.score_noise_ratio.count) + " | " +
            mean_std_cell(row.score_noise_ratio, 3) + " | " + mean_std_cell(row.score_split_half_kdt, 3) + " |\n";
  }
  return text + "\n";
}

}  // namespace

std::string study_markdown(const StudyReportInputs& in) {
  std::string text = "# Study\n\n## Variants\n\n" + to_markdown(in.rows, in.metric_name, in.cost_unit) + "\n";
  const bool repeats = has_ground_truth_repeats(in.rows);
  if (repeats) text += repeatability_section(in);
  const bool noise = has_score_noise(in.rows);
  if (noise) text += score_noise_section(in);
  if (in.comparisons.empty()) {
    text += "One variant only: there is nothing to compare it with.\n";
  } else {
    text += "## Paired comparisons with the baseline `" + markdown_text(in.baseline) + "`\n\n" +
            paired_sentences(in.comparisons) + "\n" + paired_markdown(in.comparisons) + "\n" +
            "## Power (S-KdT)\n\n" + power_markdown(in.comparisons, in.max_seeds) + "\n";
  }
  const std::string cap = std::to_string(in.max_seeds);
  text +=
      "---\n\n"
      "*Variants:* mean ± sample standard deviation (divisor n − 1) over seeds. *Landmark KdT* is Kendall's "
      "tau-b between the super-net's final scores of the landmark architectures and their ground truth: how well "
      "the super-net agrees with the ranking a landmark regularizer trains it towards. *Landmark loss-KdT* is the "
      "same with the landmarks ordered by their mean task loss on fixed search_landmark batches (lower is better), "
      "which is what the regularizer compares; where the two disagree, the regularizer's objective and the score "
      "the ranking uses disagree.\n\n";
  if (repeats)
    text +=
        "*Ground-truth repeatability:* with `ground_truth.repeats` = n ≥ 2 each architecture is trained "
        "stand-alone n times (recipe seeds standalone.seed + 0 … n − 1) and its ground truth is the mean. Per run, "
        "Kendall tau-b between the first and the second seed's values over the evaluation set, and the mean over "
        "the evaluation set of each architecture's sample sd across its n seeds; then mean ± sd over the runs. "
        "The super-net is ranked against the mean of n seeds, which is less noisy than one seed, so the "
        "two-seed Kendall is a conservative (low) ceiling.\n\n";
  if (noise)
    text +=
        "*Super-net score noise:* at the final evaluation each architecture is also scored on the even- and on "
        "the odd-numbered evaluation batches alone. Score noise is the sample sd over the evaluation set of "
        "(even − odd) / 2, the standard error of one score when the halves are equal and independent; it is "
        "divided by the sample sd of the scores across the evaluation set. Near 0 the scores rank architectures "
        "by what the super-net learned; near 1, by which images were drawn. Split-half Kendall tau-b compares the "
        "two halves' rankings.\n\n";
  if (in.comparisons.empty()) return text;
  text +=
      "*Paired comparisons:* runs of the same seed share data splits, initial weights, the path stream and the "
      "evaluation set, so each seed gives one difference d = variant − baseline; n counts the seeds where both "
      "runs have the value. For the correlations a positive d means a better ranking; for " +
      in.metric_name + " a " + (in.higher_is_better ? "positive" : "negative") +
      " d means better architectures found. *Mean [95% CI]:* mean(d) ± t(0.975, n − 1) · sd(d) / √n, "
      "Student t with n − 1 degrees of freedom; \"distinguishable at 95%\" only when the interval excludes 0. "
      "*p:* exact two-sided sign-flip (permutation) test: the share of the 2^n ways to give the differences "
      "signs whose |mean| is at least the observed |mean|; the smallest possible p is 2 / 2^n (0.25 with 3 seeds, "
      "0.0625 with 5); beyond 20 seeds it is estimated from 2^20 random sign assignments (marked ≈).\n\n"
      "*Power:* from the observed mean gain and paired sd of S-KdT, *seeds for a 95% CI excluding 0* is the "
      "smallest n with t(0.975, n − 1) · sd / √n < |mean| (\"more than " + cap + "\" when no n up to " + cap +
      " is enough); the *smallest detectable gain* is t(0.975, n − 1) · sd / √n at the current n, the |mean| "
      "an interval of this width would need to exclude 0. Both treat the observed sd as the true one, so with "
      "few seeds they are rough planning figures.\n";
  return text;
}

}  // namespace naskernel
