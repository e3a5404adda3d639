#include <doctest/doctest.h>

#include <cmath>

#include "report/study_table.h"

using namespace naskernel;

namespace {

SeedResult seed(const std::string& variant, int64_t seed, double skdt, double kdt, double spearman,
                std::vector<double> found, double best, std::optional<int64_t> rank, double cost,
                double landmark_kdt = NAN) {
  return {variant, seed, skdt, kdt, spearman, std::move(found), best, rank, cost, landmark_kdt};
}

std::vector<SeedResult> example() {
  return {
      seed("SPOS + landmarks", 0, 0.7, 0.5, 0.6, {93.0, 94.0}, 94.0, 12, 1.0, 0.6),
      seed("SPOS", 0, 0.5, 0.4, 0.55, {91.0}, 91.0, std::nullopt, 0.8),
      seed("SPOS + landmarks", 1, 0.8, 0.6, 0.6, {94.0}, 94.0, std::nullopt, 1.5),
      seed("SPOS + landmarks", 2, 0.9, 0.7, 0.9, {}, 93.0, 20, 2.0, 0.8),
  };
}

}  // namespace

TEST_CASE("mean_and_sample_std uses the n - 1 divisor") {
  // 2 4 4 4 5 5 7 9: mean 5, squared deviations sum 32, sample variance 32 / 7.
  const MeanStd m = mean_and_sample_std({2, 4, 4, 4, 5, 5, 7, 9});
  CHECK(m.mean == doctest::Approx(5));
  CHECK(m.std == doctest::Approx(std::sqrt(32.0 / 7.0)));
  CHECK(m.count == 8);
  const MeanStd one = mean_and_sample_std({3});
  CHECK(one.mean == 3);
  CHECK(std::isnan(one.std));
  const MeanStd none = mean_and_sample_std({});
  CHECK(std::isnan(none.mean));
  CHECK(none.count == 0);
}

TEST_CASE("summarize groups by variant in order of first appearance") {
  const auto rows = summarize(example());
  REQUIRE(rows.size() == 2);
  const VariantRow& landmark = rows[0];
  CHECK(landmark.variant == "SPOS + landmarks");
  CHECK(landmark.seeds == 3);
  // S-KdT 0.7 0.8 0.9: mean 0.8, deviations -0.1 0 0.1 -> variance 0.02 / 2.
  CHECK(landmark.skdt.mean == doctest::Approx(0.8));
  CHECK(landmark.skdt.std == doctest::Approx(0.1));
  CHECK(landmark.kdt.mean == doctest::Approx(0.6));
  CHECK(landmark.kdt.std == doctest::Approx(0.1));
  // Spearman 0.6 0.6 0.9: mean 0.7, squared deviations 0.01 0.01 0.04 -> sqrt(0.06 / 2).
  CHECK(landmark.spearman.mean == doctest::Approx(0.7));
  CHECK(landmark.spearman.std == doctest::Approx(std::sqrt(0.03)));
  // Mean found: seed 0 -> 93.5, seed 1 -> 94, seed 2 proposed nothing (skipped).
  CHECK(landmark.mean_found.count == 2);
  CHECK(landmark.mean_found.mean == doctest::Approx(93.75));
  CHECK(landmark.mean_found.std == doctest::Approx(std::sqrt(0.125)));
  // Best found 94 94 93: mean 93.667, squared deviations 1/9 1/9 4/9 -> sqrt(1/3).
  CHECK(landmark.best_found.mean == doctest::Approx(281.0 / 3.0));
  CHECK(landmark.best_found.std == doctest::Approx(std::sqrt(1.0 / 3.0)));
  // Best rank only where known: 12 and 20 -> 16 ± sqrt(32).
  CHECK(landmark.best_rank.count == 2);
  CHECK(landmark.best_rank.mean == doctest::Approx(16));
  CHECK(landmark.best_rank.std == doctest::Approx(std::sqrt(32.0)));
  CHECK(landmark.cost_hours.mean == doctest::Approx(1.5));
  CHECK(landmark.cost_hours.std == doctest::Approx(0.5));
  // Landmark KdT only where the run had landmarks: 0.6 and 0.8.
  CHECK(landmark.landmark_kdt.count == 2);
  CHECK(landmark.landmark_kdt.mean == doctest::Approx(0.7));
  CHECK(landmark.landmark_kdt.std == doctest::Approx(std::sqrt(0.02)));

  const VariantRow& baseline = rows[1];
  CHECK(baseline.variant == "SPOS");
  CHECK(baseline.seeds == 1);
  CHECK(baseline.skdt.mean == doctest::Approx(0.5));
  CHECK(std::isnan(baseline.skdt.std));
  CHECK(baseline.best_rank.count == 0);
  CHECK(baseline.landmark_kdt.count == 0);
}

TEST_CASE("to_markdown is shaped like the paper's Table 1") {
  const std::string table = to_markdown(summarize(example()), "test acc. (%)", "GPU-hours");
  CHECK(table ==
        "| Variant | Seeds | S-KdT | KdT | Spearman | Landmark KdT | Landmark loss-KdT | Mean test acc. (%) | Best "
        "test acc. (%) | Best rank | Cost (GPU-hours) |\n"
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n"
        "| SPOS + landmarks | 3 | 0.800 ± 0.100 | 0.600 ± 0.100 | 0.700 ± 0.173 | 0.700 ± 0.141 (2/3 seeds) | n/a | "
        "93.75 ± 0.35 | 93.67 ± 0.58 | 16.0 ± 5.7 (2/3 seeds) | 1.50 ± 0.50 |\n"
        "| SPOS | 1 | 0.500 ± n/a | 0.400 ± n/a | 0.550 ± n/a | n/a | n/a | 91.00 ± n/a | 91.00 ± n/a | n/a | "
        "0.80 ± n/a |\n");
}

TEST_CASE("to_csv leaves undefined values empty and quotes names") {
  auto results = example();
  results[1].variant = "SPOS, no regularizer";
  const std::string csv = to_csv(summarize(results));
  const size_t first_line_end = csv.find('\n');
  CHECK(csv.substr(0, first_line_end).rfind("variant,seeds,skdt_mean,skdt_std,", 0) == 0);
  CHECK(csv.substr(0, first_line_end).find(",cost_hours_std,landmark_kdt_mean,landmark_kdt_std,landmark_kdt_count") !=
        std::string::npos);
  CHECK(csv.find("\n\"SPOS, no regularizer\",1,0.5,,0.4,,0.55,,91,,1,91,,,,0,0.8,,,,0,,,0\n") != std::string::npos);
  CHECK(csv.find(",1.5,0.5,0.7,0.1414213562,2,,,0\n") != std::string::npos);
  CHECK(csv.find("\nSPOS + landmarks,3,0.8,0.1,") != std::string::npos);
}
