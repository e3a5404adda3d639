#include "report/study_report.h"

#include "report/table_text.h"

namespace naskernel {

std::string study_markdown(const StudyReportInputs& in) {
  std::string text = "# Study\n\n## Variants\n\n" + to_markdown(in.rows, in.metric_name, in.cost_unit) + "\n";
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
      "the super-net agrees with the ranking a landmark regularizer trains it towards.\n\n";
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
