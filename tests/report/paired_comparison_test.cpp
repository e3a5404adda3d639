#include <doctest/doctest.h>

#include <naskernel/errors.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "report/paired_comparison.h"
#include "report/study_report.h"

using namespace naskernel;

namespace {

SeedResult run(const std::string& variant, int64_t seed, double skdt, double kdt, std::vector<double> found,
               double best) {
  SeedResult r;
  r.variant = variant;
  r.seed = seed;
  r.skdt = skdt;
  r.kdt = kdt;
  r.spearman = 0.5;
  r.found_ground_truth = std::move(found);
  r.best_found = best;
  return r;
}

// SPOS+landmark − SPOS per seed: S-KdT +0.1 +0.2 +0.3, KdT +0.1 0 -0.1,
// mean found +2 +1 (seed 2 of SPOS found nothing), best found +1 +3 +6.
// GDAS ran seeds 0, 1 and 5; SPOS has no seed 5: S-KdT -0.2 -0.1.
std::vector<SeedResult> example() {
  return {
      run("SPOS", 0, 0.2, 0.1, {90, 92}, 92),         run("SPOS", 1, 0.3, 0.2, {91}, 91),
      run("SPOS", 2, 0.1, 0.3, {}, 89),               run("SPOS+landmark", 0, 0.3, 0.2, {93}, 93),
      run("SPOS+landmark", 1, 0.5, 0.2, {90, 94}, 94), run("SPOS+landmark", 2, 0.4, 0.2, {95}, 95),
      run("GDAS", 0, 0.0, 0.1, {}, 90),               run("GDAS", 1, 0.2, 0.1, {}, 90),
      run("GDAS", 5, 0.9, 0.9, {}, 99),
  };
}

}  // namespace

TEST_CASE("compare_with_baseline pairs runs by seed") {
  const auto comparisons = compare_with_baseline(example(), "SPOS", "acc");
  REQUIRE(comparisons.size() == 2);
  const Comparison& landmark = comparisons[0];
  CHECK(landmark.variant == "SPOS+landmark");
  CHECK(landmark.baseline == "SPOS");
  REQUIRE(landmark.metrics.size() == 5);
  const PairedMetric& skdt = landmark.metric("skdt");
  CHECK(skdt.label == "S-KdT");
  CHECK(skdt.seeds == std::vector<int64_t>{0, 1, 2});
  REQUIRE(skdt.differences.size() == 3);
  CHECK(skdt.differences[0] == doctest::Approx(0.1));
  CHECK(skdt.differences[2] == doctest::Approx(0.3));
  CHECK(skdt.summary.mean == doctest::Approx(0.2));
  CHECK(skdt.summary.p_value == doctest::Approx(0.25));
  const PairedMetric& mean_found = landmark.metric("mean_found");
  CHECK(mean_found.label == "Mean acc");
  CHECK(mean_found.seeds == std::vector<int64_t>{0, 1});  // SPOS seed 2 proposed nothing
  CHECK(mean_found.differences[0] == doctest::Approx(2));  // 93 - (90 + 92) / 2
  CHECK(mean_found.differences[1] == doctest::Approx(1));  // 92 - 91
  CHECK(landmark.metric("best_found").summary.mean == doctest::Approx(10.0 / 3));
  CHECK_THROWS_AS(landmark.metric("nope"), std::out_of_range);

  const Comparison& gdas = comparisons[1];
  CHECK(gdas.variant == "GDAS");
  CHECK(gdas.metric("skdt").seeds == std::vector<int64_t>{0, 1});  // seed 5 has no partner
  CHECK(gdas.metric("mean_found").summary.n == 0);
  CHECK_THROWS_AS(compare_with_baseline(example(), "DARTS", "acc"), std::invalid_argument);
}

TEST_CASE("paired_sentences say plainly whether a difference is distinguishable") {
  const auto comparisons = compare_with_baseline(example(), "SPOS", "acc");
  // GDAS: -0.15 ± 12.706 * 0.0707 / sqrt(2) = -0.15 ± 0.635.
  CHECK(paired_sentences(comparisons) ==
        "- SPOS+landmark \u2212 SPOS: +0.200 S-KdT [\u22120.048, +0.448], p = 0.25 (3 seeds): not distinguishable\n"
        "- GDAS \u2212 SPOS: \u22120.150 S-KdT [\u22120.785, +0.485], p = 0.5 (2 seeds): not distinguishable\n");

  // Five seeds, all better: 0.3 ± 0.196 excludes 0.
  std::vector<SeedResult> five;
  for (int seed = 0; seed < 5; ++seed) {
    five.push_back(run("A", seed, 0.1, 0, {}, 0));
    five.push_back(run("B", seed, 0.1 + 0.1 * (seed + 1), 0, {}, 0));
  }
  CHECK(paired_sentences(compare_with_baseline(five, "A", "acc")) ==
        "- B \u2212 A: +0.300 S-KdT [+0.104, +0.496], p = 0.0625 (5 seeds): distinguishable at 95%\n");

  // 21 seeds: the sign-flip p is estimated (13 of +0.25, 8 of -0.25: p = 0.383, see paired_statistics_test).
  std::vector<SeedResult> many;
  for (int seed = 0; seed < 21; ++seed) {
    many.push_back(run("A", seed, 0.5, 0, {}, 0));
    many.push_back(run("B", seed, seed < 13 ? 0.75 : 0.25, 0, {}, 0));  // exact in binary: differences ±0.25
  }
  const std::string estimated = paired_sentences(compare_with_baseline(many, "A", "acc"));
  CHECK(estimated.find("S-KdT [") != std::string::npos);
  CHECK(estimated.find(", p \u2248 0.38") != std::string::npos);
  CHECK(estimated.find("(21 seeds): not distinguishable\n") != std::string::npos);
  CHECK(paired_markdown(compare_with_baseline(many, "A", "acc")).find("| \u2248 0.38") != std::string::npos);

  // One seed: no interval, never distinguishable.
  CHECK(paired_sentences(compare_with_baseline({run("A", 0, 0.1, 0, {}, 0), run("B", 0, 0.4, 0, {}, 0)}, "A", "acc")) ==
        "- B \u2212 A: +0.300 S-KdT, p = 1 (1 seed), no interval from one seed: not distinguishable\n");
}

TEST_CASE("paired_markdown lists every metric with per-seed differences") {
  const std::string table = paired_markdown(compare_with_baseline(example(), "SPOS", "acc"));
  CHECK(table.rfind("| Comparison | Metric | Differences by seed | Mean [95% CI] | p | n |\n"
                    "|---|---|---|---:|---:|---:|\n",
                    0) == 0);
  CHECK(table.find("| SPOS+landmark \u2212 SPOS | S-KdT | 0: +0.100, 1: +0.200, 2: +0.300 | +0.200 [\u22120.048, "
                   "+0.448] | 0.25 | 3 |\n") != std::string::npos);
  // Differences that cancel: mean 0, every sign assignment as extreme, p = 1.
  CHECK(table.find("| SPOS+landmark \u2212 SPOS | KdT | 0: +0.100, 1: 0.000, 2: \u22120.100 | 0.000 [\u22120.248, "
                   "+0.248] | 1 | 3 |\n") != std::string::npos);
  // Two seeds: 1.5 ± 12.706 * 0.7071 / sqrt(2) = 1.5 ± 6.353.
  CHECK(table.find("| SPOS+landmark \u2212 SPOS | Mean acc | 0: +2.00, 1: +1.00 | +1.50 [\u22124.85, +7.85] | 0.5 "
                   "| 2 |\n") != std::string::npos);
  CHECK(table.find("| GDAS \u2212 SPOS | Mean acc | none | n/a | n/a | 0 |\n") != std::string::npos);
  CHECK(std::count(table.begin(), table.end(), '\n') == 2 + 2 * 5);
}

TEST_CASE("power_markdown: seeds needed and the smallest detectable gain") {
  const std::string table = power_markdown(compare_with_baseline(example(), "SPOS", "acc"));
  // Mean 0.2, sd 0.1: 4 seeds (see the seeds_needed test); 3 seeds detect 0.248.
  CHECK(table.find("| SPOS+landmark \u2212 SPOS | +0.200 | 0.100 | 3 | 4 | 0.248 |\n") != std::string::npos);
  // Mean -0.15, sd 0.0707: n = 3 gives 4.303 * 0.0707 / sqrt(3) = 0.176 >= 0.15,
  // n = 4 gives 3.182 * 0.0707 / 2 = 0.113 < 0.15.
  CHECK(table.find("| GDAS \u2212 SPOS | \u22120.150 | 0.071 | 2 | 4 | 0.635 |\n") != std::string::npos);

  std::vector<SeedResult> noisy;  // differences +0.3 -0.29: mean 0.005, sd 0.417
  noisy.push_back(run("A", 0, 0.0, 0, {}, 0));
  noisy.push_back(run("A", 1, 0.0, 0, {}, 0));
  noisy.push_back(run("B", 0, 0.3, 0, {}, 0));
  noisy.push_back(run("B", 1, -0.29, 0, {}, 0));
  CHECK(power_markdown(compare_with_baseline(noisy, "A", "acc")).find("| more than 100 |") != std::string::npos);
  CHECK(power_markdown(compare_with_baseline(noisy, "A", "acc"), 10).find("| more than 10 |") != std::string::npos);
}

TEST_CASE("paired_csv") {
  const std::string csv = paired_csv(compare_with_baseline(example(), "SPOS", "acc"));
  CHECK(csv.rfind("variant,baseline,metric,n,seeds,differences,mean,sd,ci_low,ci_high,p_value,p_exact,seeds_needed,"
                  "smallest_detectable_gain\n",
                  0) == 0);
  const size_t line = csv.find("\nSPOS+landmark,SPOS,skdt,3,0;1;2,0.1;0.2;0.3,0.2,0.1,-0.0484");
  REQUIRE(line != std::string::npos);
  const std::string row = csv.substr(line + 1, csv.find('\n', line + 1) - line - 1);
  CHECK(row.find(",0.25,true,4,0.2484") != std::string::npos);
  CHECK(csv.find("\nGDAS,SPOS,mean_found,0,,,,,,,,true,,\n") != std::string::npos);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 1 + 2 * 5);
}

TEST_CASE("check_baseline names the key, the file position and the closest variant") {
  const std::vector<std::string> variants = {"SPOS", "SPOS+landmark"};
  CHECK_NOTHROW(check_baseline("SPOS+landmark", variants, "", "study.baseline"));
  CHECK_THROWS_WITH_AS(check_baseline("SPSO", variants, "study.toml:4:12: ", "study.baseline"),
                       "study.toml:4:12: key `study.baseline` names `SPSO`, which is not a variant (did you mean "
                       "`SPOS`?); the variants are `SPOS`, `SPOS+landmark`",
                       ConfigError);
  CHECK_THROWS_WITH_AS(check_baseline("random search", variants, "", "study.baseline"),
                       "key `study.baseline` names `random search`, which is not a variant; the variants are `SPOS`, "
                       "`SPOS+landmark`",
                       ConfigError);
}

TEST_CASE("paired_difference_over_epochs: mean and min..max over seeds, where both sides have the epoch") {
  const ValuesBySeedAndEpoch variant = {{0, {{1, 0.3}, {2, 0.5}}}, {1, {{1, 0.1}, {2, 0.4}}}, {7, {{1, 9.0}}}};
  const ValuesBySeedAndEpoch baseline = {{0, {{1, 0.1}, {2, 0.2}}}, {1, {{1, 0.2}, {2, 0.1}, {3, 0.0}}}};
  const Series s = paired_difference_over_epochs("B − A", variant, baseline);
  CHECK(s.label == "B − A");
  REQUIRE(s.x == std::vector<double>{1, 2});
  CHECK(s.y[0] == doctest::Approx(0.05));  // +0.2 and -0.1
  CHECK(s.y_low[0] == doctest::Approx(-0.1));
  CHECK(s.y_high[0] == doctest::Approx(0.2));
  CHECK(s.y[1] == doctest::Approx(0.3));  // +0.3 and +0.3
  CHECK(s.y_low[1] == doctest::Approx(0.3));
  CHECK(s.y_high[1] == doctest::Approx(0.3));
}

TEST_CASE("study_markdown puts the paired comparison beside the per-variant table") {
  StudyReportInputs in;
  in.rows = summarize(example());
  in.comparisons = compare_with_baseline(example(), "SPOS", "acc");
  in.baseline = "SPOS";
  in.metric_name = "acc";
  in.cost_unit = "CPU-hours";
  const std::string md = study_markdown(in);
  const size_t variants = md.find("## Variants\n\n| Variant | Seeds | S-KdT |");
  const size_t paired =
      md.find("## Paired comparisons with the baseline `SPOS`\n\n- SPOS+landmark \u2212 SPOS: +0.200");
  const size_t paired_table = md.find("| Comparison | Metric | Differences by seed |");
  const size_t power = md.find("## Power (S-KdT)\n\n| Comparison | Mean S-KdT gain |");
  const size_t footnote = md.find("\n---\n");
  REQUIRE(variants != std::string::npos);
  REQUIRE(paired != std::string::npos);
  REQUIRE(paired_table != std::string::npos);
  REQUIRE(power != std::string::npos);
  REQUIRE(footnote != std::string::npos);
  CHECK(variants < paired);
  CHECK(paired < paired_table);
  CHECK(paired_table < power);
  CHECK(power < footnote);
  // The footnote defines what the tables show.
  CHECK(md.find("t(0.975, n − 1) · sd(d) / √n", footnote) != std::string::npos);
  CHECK(md.find("2 / 2^n", footnote) != std::string::npos);
  CHECK(md.find("smallest n with t(0.975, n − 1) · sd / √n < |mean| (\"more than 100\"", footnote) !=
        std::string::npos);
  CHECK(md.find("for acc a positive d means better", footnote) != std::string::npos);
  in.higher_is_better = false;
  CHECK(study_markdown(in).find("for acc a negative d means better") != std::string::npos);

  StudyReportInputs single;
  single.rows = summarize({run("SPOS", 0, 0.2, 0.1, {}, 92)});
  single.baseline = "SPOS";
  single.metric_name = "acc";
  single.cost_unit = "CPU-hours";
  const std::string alone = study_markdown(single);
  CHECK(alone.find("One variant only") != std::string::npos);
  CHECK(alone.find("## Paired") == std::string::npos);
  CHECK(alone.find("Landmark KdT") != std::string::npos);
}
