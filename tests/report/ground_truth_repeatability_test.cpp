// Ground-truth repeatability (ground_truth.repeats >= 2): the figure on a
// hand-computed example, and where it appears in study.md and study.csv.
#include <doctest/doctest.h>

#include <cmath>
#include <stdexcept>

#include "report/ground_truth_repeatability.h"
#include "report/study_report.h"
#include "report/study_table.h"

using namespace naskernel;

namespace {

// Four architectures, three seeds each.
//   A 90 91 92: mean 91, squared deviations 1 0 1 -> sd 1
//   B 85 84 86: mean 85, 0 1 1 -> sd 1
//   C 80 82 78: mean 80, 0 4 4 -> sd 2
//   D 88 80 84: mean 84, 16 16 0 -> sd 4
// First seed 90 85 80 88 against second seed 91 84 82 80: of the 6 pairs,
// A-B A-C A-D B-C are concordant, B-D and C-D discordant, no ties, so
// tau-b = (4 - 2) / 6 = 1/3; mean sd = (1 + 1 + 2 + 4) / 4 = 2.
const std::vector<std::vector<double>> kExample = {
    {90, 91, 92}, {85, 84, 86}, {80, 82, 78}, {88, 80, 84}};

SeedResult run(const std::string& variant, int64_t seed, double repeat_kdt, double sd) {
  SeedResult r;
  r.variant = variant;
  r.seed = seed;
  r.skdt = 0.3, r.kdt = 0.2, r.spearman = 0.4;
  r.best_found = 90;
  r.cost_hours = 0.1;
  r.ground_truth_repeats = 2;
  r.ground_truth_repeat_kdt = repeat_kdt;
  r.ground_truth_sd = sd;
  return r;
}

}  // namespace

TEST_CASE("ground-truth repeatability: Kendall of the first two seeds and the mean per-architecture sd") {
  const GroundTruthRepeatability g = ground_truth_repeatability(kExample);
  CHECK(g.archs == 4);
  CHECK(g.repeats == 3);
  CHECK(g.kendall_first_two == doctest::Approx(1.0 / 3.0));
  CHECK(g.mean_std == doctest::Approx(2.0));

  // A tie between the first seed's values: tau-b's denominator counts it.
  // First 1 1 2, second 1 2 3: pairs (0,1) tied in x, (0,2) and (1,2)
  // concordant; n0 = 3, n1 = 1, n2 = 0 -> 2 / sqrt(2 * 3).
  const GroundTruthRepeatability tied = ground_truth_repeatability({{1, 1}, {1, 2}, {2, 3}});
  CHECK(tied.kendall_first_two == doctest::Approx(2.0 / std::sqrt(6.0)));
  // sds: 0, 1/sqrt(2), 1/sqrt(2).
  CHECK(tied.mean_std == doctest::Approx(2.0 / 3.0 / std::sqrt(2.0)));

  const GroundTruthRepeatability none = ground_truth_repeatability({});
  CHECK(none.archs == 0);
  CHECK(std::isnan(none.kendall_first_two));
  CHECK(std::isnan(none.mean_std));
  CHECK(std::isnan(ground_truth_repeatability({{1, 2}}).kendall_first_two));  // one architecture: undefined

  CHECK_THROWS_AS(ground_truth_repeatability({{1, 2}, {3}}), std::invalid_argument);
  CHECK_THROWS_AS(ground_truth_repeatability({{1}, {3}}), std::invalid_argument);
  CHECK_THROWS_AS(ground_truth_repeatability({{1, 2}, {3, 4, 5}}), std::invalid_argument);
}

TEST_CASE("study.md and study.csv give the repeatability only when the ground truth was repeated") {
  StudyReportInputs in;
  in.rows = summarize({run("SPOS", 0, 0.5, 0.2), run("SPOS", 1, 0.7, 0.4), run("SPOS+landmark", 0, 0.9, 0.3),
                       run("SPOS+landmark", 1, NAN, 0.3)});
  in.comparisons = {};
  in.baseline = "SPOS";
  in.metric_name = "acc";
  in.cost_unit = "CPU-hours";
  REQUIRE(in.rows.size() == 2);
  CHECK(in.rows[0].ground_truth_repeat_kdt.mean == doctest::Approx(0.6));
  CHECK(in.rows[0].ground_truth_repeat_kdt.std == doctest::Approx(std::sqrt(0.02)));
  CHECK(in.rows[0].ground_truth_sd.mean == doctest::Approx(0.3));
  CHECK(in.rows[1].ground_truth_repeat_kdt.count == 1);  // the undefined Kendall is left out
  CHECK(in.rows[1].ground_truth_sd.count == 2);

  const std::string md = study_markdown(in);
  const size_t section = md.find("## Ground-truth repeatability: the ceiling\n\n| Variant | Runs | Seeds per architecture |");
  REQUIRE(section != std::string::npos);
  CHECK(md.find("## Variants") < section);
  CHECK(md.find("| SPOS | 2 | 2 | 0.600 ± 0.141 | 0.300 ± 0.141 |", section) != std::string::npos);
  CHECK(md.find("| SPOS+landmark | 2 | 2 | 0.900 ± n/a | 0.300 ± 0.000 |", section) != std::string::npos);
  // Over all runs with a Kendall: (0.5 + 0.7 + 0.9) / 3 = 0.7; sd (0.2 + 0.4 + 0.3 + 0.3) / 4 = 0.3.
  CHECK(md.find("agrees with itself at Kendall tau-b 0.700 between two training seeds, with a per-architecture "
                "sd of 0.300 acc (mean over 4 runs)",
                section) != std::string::npos);
  CHECK(md.find("ceiling the super-net's ranking is measured against", section) != std::string::npos);
  CHECK(md.find("*Ground-truth repeatability:*", md.find("\n---\n")) != std::string::npos);

  const std::string csv = to_csv(in.rows);
  CHECK(csv.find(",landmark_kdt_count,ground_truth_repeats,ground_truth_repeat_kdt_mean,ground_truth_repeat_kdt_std,"
                 "ground_truth_repeat_kdt_count,ground_truth_sd_mean,ground_truth_sd_std,ground_truth_sd_count,"
                 "landmark_loss_kdt_mean,landmark_loss_kdt_std,landmark_loss_kdt_count\n") !=
        std::string::npos);
  CHECK(csv.find(",2,0.6,0.1414213562,2,0.3,0.1414213562,2,,,0\n") != std::string::npos);
  CHECK(csv.find(",2,0.9,,1,0.3,0,2,,,0\n") != std::string::npos);

  // Without repeats (the default), neither the section nor the columns.
  SeedResult plain = run("SPOS", 0, NAN, NAN);
  plain.ground_truth_repeats = 1;
  StudyReportInputs single = in;
  single.rows = summarize({plain});
  CHECK(study_markdown(single).find("repeatability") == std::string::npos);
  CHECK(to_csv(single.rows).find("ground_truth_repeat") == std::string::npos);
}
