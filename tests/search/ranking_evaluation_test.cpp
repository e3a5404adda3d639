#include "kernel/search/ranking_evaluation.h"

#include <doctest/doctest.h>

using namespace naskernel;

TEST_CASE("ranking metrics of a perfect and a reversed ranking") {
  const std::vector<double> truth = {90.0, 91.0, 92.5, 93.0, 89.0, 94.0, 88.0, 95.0, 87.0, 96.0, 86.0};
  const auto perfect = ranking_metrics(truth, truth, true, 0.1);
  CHECK(perfect.at("kdt").get<double>() == doctest::Approx(1.0));
  CHECK(perfect.at("skdt").get<double>() == doctest::Approx(1.0));
  CHECK(perfect.at("spearman").get<double>() == doctest::Approx(1.0));
  CHECK(perfect.at("precision_at_5").get<double>() == doctest::Approx(1.0));
  CHECK(perfect.at("top1_gt_percentile").at("min").get<double>() == doctest::Approx(0.0));

  std::vector<double> reversed;
  for (double t : truth) reversed.push_back(-t);
  const auto worst = ranking_metrics(reversed, truth, true, 0.1);
  CHECK(worst.at("kdt").get<double>() == doctest::Approx(-1.0));
  CHECK(worst.at("top1_gt_percentile").at("min").get<double>() == doctest::Approx(100.0));
  CHECK(ranking_metrics({1.0}, {2.0}, true, 0.1).at("n").get<int>() == 1);
}
