// The super-net score's own noise from split halves: a hand-computed
// example, a simulation with known noise, and the undefined cases.
#include <doctest/doctest.h>

#include <cmath>
#include <random>
#include <stdexcept>

#include "report/score_noise.h"
#include "report/study_report.h"
#include "report/study_table.h"

using namespace naskernel;

TEST_CASE("score noise: a hand-computed example") {
  // Halves 0.80/0.82, 0.70/0.66, 0.60/0.60, 0.50/0.54: (first - second) / 2 =
  // -0.01, 0.02, 0, -0.02, mean -0.0025, squared deviations 0.00005625,
  // 0.00050625, 0.00000625, 0.00030625 sum 0.000875 / 3 -> sd 0.017078.
  // Whole scores 0.81 0.68 0.60 0.52: mean 0.6525, sd 0.123659.
  // The halves agree on every pair's order: split-half tau-b 1.
  const ScoreNoise n = score_noise({0.81, 0.68, 0.60, 0.52}, {0.80, 0.70, 0.60, 0.50}, {0.82, 0.66, 0.60, 0.54});
  CHECK(n.archs == 4);
  CHECK(n.noise == doctest::Approx(std::sqrt(0.000875 / 3)).epsilon(1e-9));
  CHECK(n.spread == doctest::Approx(0.123659).epsilon(1e-5));
  CHECK(n.ratio == doctest::Approx(n.noise / n.spread));
  CHECK(n.split_half_kdt == doctest::Approx(1.0));
}

TEST_CASE("score noise recovers the noise of a simulated super-net") {
  // True scores spread with sd 0.05; each half sees its own error of sd
  // 0.02, so the whole score's error has sd 0.02 / sqrt(2) = 0.01414. One
  // half is harder by 0.03 for every architecture: an offset, not noise.
  std::mt19937_64 rng(7);
  std::normal_distribution<double> truth(0.7, 0.05), error(0.0, 0.02);
  std::vector<double> all, first, second;
  for (int i = 0; i < 4000; ++i) {
    const double mu = truth(rng), a = mu + error(rng), b = mu - 0.03 + error(rng);
    first.push_back(a), second.push_back(b), all.push_back((a + b) / 2);
  }
  const ScoreNoise n = score_noise(all, first, second);
  CHECK(n.noise == doctest::Approx(0.02 / std::sqrt(2.0)).epsilon(0.05));
  CHECK(n.spread == doctest::Approx(std::sqrt(0.05 * 0.05 + 0.0002)).epsilon(0.05));
  CHECK(n.ratio == doctest::Approx(0.2722).epsilon(0.06));
  CHECK(n.split_half_kdt > 0.5);
  CHECK(n.split_half_kdt < 0.9);

  SUBCASE("pure noise: the halves do not agree") {
    for (size_t i = 0; i < all.size(); ++i) first[i] = error(rng), second[i] = error(rng), all[i] = (first[i] + second[i]) / 2;
    const ScoreNoise pure = score_noise(all, first, second);
    CHECK(pure.ratio == doctest::Approx(1.0).epsilon(0.05));
    CHECK(std::abs(pure.split_half_kdt) < 0.05);
  }
}

TEST_CASE("score noise: undefined cases and wrong lengths") {
  const ScoreNoise one_batch = score_noise({0.5, 0.6, 0.7}, {}, {});
  CHECK(one_batch.archs == 3);
  CHECK(std::isnan(one_batch.noise));
  CHECK(std::isnan(one_batch.ratio));
  const ScoreNoise one_arch = score_noise({0.5}, {0.4}, {0.6});
  CHECK(std::isnan(one_arch.noise));
  const ScoreNoise constant = score_noise({0.5, 0.5}, {0.5, 0.5}, {0.5, 0.5});
  CHECK(constant.noise == 0.0);
  CHECK(std::isnan(constant.ratio));  // no spread to compare with
  CHECK_THROWS_AS(score_noise({0.5, 0.6}, {0.5}, {0.6, 0.7}), std::invalid_argument);
}

namespace {

SeedResult noisy_run(const std::string& variant, int64_t seed, double ratio, double split_half_kdt) {
  SeedResult r;
  r.variant = variant;
  r.seed = seed;
  r.skdt = 0.3, r.kdt = 0.2, r.spearman = 0.4;
  r.best_found = 90;
  r.cost_hours = 0.1;
  r.score_noise_ratio = ratio;
  r.score_split_half_kdt = split_half_kdt;
  return r;
}

}  // namespace

TEST_CASE("study.md and study.csv give the score noise of the runs that measured it") {
  StudyReportInputs in;
  in.rows = summarize({noisy_run("SPOS", 0, 0.2, 0.6), noisy_run("SPOS", 1, 0.4, 0.5),
                       noisy_run("SPOS+landmark", 0, 0.3, 0.7), noisy_run("SPOS+landmark", 1, NAN, NAN)});
  in.baseline = "SPOS";
  in.metric_name = "acc";
  in.cost_unit = "CPU-hours";
  REQUIRE(in.rows.size() == 2);
  CHECK(in.rows[0].score_noise_ratio.mean == doctest::Approx(0.3));
  CHECK(in.rows[1].score_noise_ratio.count == 1);  // the run without halves is left out

  const std::string md = study_markdown(in);
  const size_t section = md.find("## Super-net score noise\n\n| Variant | Runs | Score noise / spread");
  REQUIRE(section != std::string::npos);
  CHECK(md.find("| SPOS | 2 | 0.300 ± 0.141 | 0.550 ± 0.071 |", section) != std::string::npos);
  CHECK(md.find("| SPOS+landmark | 1 | 0.300 ± n/a | 0.700 ± n/a |", section) != std::string::npos);
  CHECK(md.find("*Super-net score noise:*", md.find("\n---\n")) != std::string::npos);

  const std::string csv = to_csv(in.rows);
  CHECK(csv.find(",landmark_loss_kdt_count,score_noise_ratio_mean,score_noise_ratio_std,score_noise_ratio_count,"
                 "score_split_half_kdt_mean,score_split_half_kdt_std,score_split_half_kdt_count\n") !=
        std::string::npos);
  CHECK(csv.find(",0.3,0.1414213562,2,0.55,0.07071067812,2\n") != std::string::npos);

  // Results without it (one batch, or written before it was measured): neither section nor columns.
  StudyReportInputs without = in;
  without.rows = summarize({noisy_run("SPOS", 0, NAN, NAN)});
  CHECK(study_markdown(without).find("score noise") == std::string::npos);
  CHECK(to_csv(without.rows).find("score_noise") == std::string::npos);
}
