// bench_regularizer_overhead: the cost of landmark regularization per
// super-net step, against the `none` baseline, within one run, on any
// manifest, through the search's own assembly (SearchStack).
//
//   bench_regularizer_overhead [--manifest FILE ...] [--set KEY=VALUE ...]
//                              [--steps 10] [--reps 5] [--pairs 1] [--threads 2]
//
// Two stacks per manifest from the same seed start from the same super-net
// weights and train the same paths on the same batches in the same order.
// One has the `none` regularizer (weight 0: the kernel never calls its
// loss), the second `landmark` with P pairs per step and a constant weight
// from the first step, so every measured step runs the task path plus both
// landmark paths forward, and backward through the pairs whose hinge is
// active (an ordered pair's hinge is exactly zero and stays out of the
// graph; "active" is the fraction of steps with a term in the graph). The
// third is the same with margin = 100, so every pair is active: the cost
// of the method before any pair is ordered. Repetitions of --steps steps
// rotate the order after one warm-up epoch each; reported are the median
// per-step times, their ratio, the median of the per-repetition ratios,
// and the ratio of the totals. The last lines, "RESULT label threads
// none_ms landmark_ms every_pair_active_ms active", are for scripts
// (bench/vs_python.sh). The whole-search estimate assumes
// the landmark loss costs nothing during the warm-up fraction w:
//   ratio_total = (w * t_none + (1 - w) * t_landmark) / t_none.
#include "bench/bench_common.h"

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <numeric>

namespace naskernel::bench {
namespace {

struct Figures {
  std::string label;
  int64_t batch = 0;
  std::vector<double> none, landmark, ratios;  // per step, per repetition
  std::vector<double> all_active, all_active_ratios;
  double landmark_weight = 0, landmark_loss = -1, active = -1;
};

Figures measure(const std::string& manifest, const std::vector<std::string>& sets, int64_t steps, int64_t reps,
                int64_t threads, int64_t pairs) {
  auto sets_with = [&](const std::string& regularizers) {
    std::vector<std::string> all = timing_sets(steps, reps + 1, threads);
    all.insert(all.end(), sets.begin(), sets.end());
    all.push_back(regularizers);
    return all;
  };
  BenchStack none(manifest, sets_with("regularizers=[{plugin=\"none\"}]"));
  auto landmark_with = [&](const std::string& margin) {
    return sets_with("regularizers=[{plugin=\"landmark\", formulation=\"hinge\", schedule=\"constant\", "
                     "lambda=10.0, warmup_epochs=0, margin=" + margin + ", pairs=" + std::to_string(pairs) + "}]");
  };
  BenchStack landmark(manifest, landmark_with("0.0"));
  BenchStack all_active(manifest, landmark_with("100.0"));
  Figures f;
  f.label = manifest_label(manifest);
  f.batch = none.stack->settings().supernet.batch_size;
  EpochSummary none_summary, landmark_summary;
  none.epoch_seconds();  // warm-up
  landmark.epoch_seconds();
  all_active.epoch_seconds();
  for (int64_t r = 0; r < reps; ++r) {
    double a = 0, b = 0, c = 0;
    switch (r % 3) {
      case 0:
        a = none.epoch_seconds(&none_summary), b = landmark.epoch_seconds(&landmark_summary), c = all_active.epoch_seconds();
        break;
      case 1:
        b = landmark.epoch_seconds(&landmark_summary), c = all_active.epoch_seconds(), a = none.epoch_seconds(&none_summary);
        break;
      default:
        c = all_active.epoch_seconds(), a = none.epoch_seconds(&none_summary), b = landmark.epoch_seconds(&landmark_summary);
    }
    f.none.push_back(a / static_cast<double>(steps));
    f.landmark.push_back(b / static_cast<double>(steps));
    f.all_active.push_back(c / static_cast<double>(steps));
    f.ratios.push_back(b / a);
    f.all_active_ratios.push_back(c / a);
  }
  auto& values = landmark_summary.values;
  f.landmark_weight = values["regularizer.landmark.weight"];
  if (values.count("regularizer.landmark.loss")) f.landmark_loss = values["regularizer.landmark.loss"];
  if (values.count("regularizer.landmark.active")) f.active = values["regularizer.landmark.active"];
  if (f.landmark_weight <= 0)
    throw std::logic_error("the landmark regularizer's weight was 0 in the measured epochs; the benchmark is void");
  if (none_summary.values["regularizer.none.weight"] != 0)
    throw std::logic_error("the none regularizer reported a non-zero weight");
  return f;
}

double sum_of(const std::vector<double>& values) { return std::accumulate(values.begin(), values.end(), 0.0); }

int run(int argc, char** argv) {
  CLI::App app{"Per-step time with the landmark regularizer (weight > 0) over `none`, interleaved in one run"};
  std::vector<std::string> manifests = default_manifests(), sets;
  int64_t steps = 10, reps = 5, threads = 2, pairs = 1;
  double warmup_fraction = 0.25;
  app.add_option("--manifest", manifests, "search manifests (the quickstart's and bench/configs/paper-nb201.toml)");
  app.add_option("--set", sets, "manifest override KEY=VALUE for every manifest")->type_name("KEY=VALUE");
  app.add_option("--steps", steps, "training steps per repetition")->check(CLI::PositiveNumber);
  app.add_option("--reps", reps, "measured repetitions per variant (interleaved AB, BA, ...)")->check(CLI::PositiveNumber);
  app.add_option("--threads", threads, "LibTorch intra-op threads")->check(CLI::PositiveNumber);
  app.add_option("--pairs", pairs, "landmark pairs per step (P)")->check(CLI::PositiveNumber);
  app.add_option("--warmup-fraction", warmup_fraction, "w: fraction of epochs without landmark loss")
      ->check(CLI::Range(0.0, 0.999));
  CLI11_PARSE(app, argc, argv);
  spdlog::set_level(spdlog::level::warn);
  torch::set_num_threads(static_cast<int>(threads));

  std::printf("bench_regularizer_overhead: %lld threads, %lld steps x %lld reps per variant (interleaved, medians), "
              "landmark P = %lld, 10 made-up landmarks\n",
              static_cast<long long>(threads), static_cast<long long>(steps), static_cast<long long>(reps),
              static_cast<long long>(pairs));
  std::printf("%s\n%s\n", conditions().c_str(), load_warning().c_str());
  std::vector<Figures> results;
  for (const auto& manifest : manifests) {
    std::printf("measuring %s ...\n", manifest.c_str());
    std::fflush(stdout);
    results.push_back(measure(manifest, sets, steps, reps, threads, pairs));
  }

  std::printf("\nPer-step time, `none` vs `landmark` (task path + %lld pair(s) of landmark paths forward, backward "
              "through active hinges):\n\n", static_cast<long long>(pairs));
  std::printf("| manifest | batch | none ms | landmark ms | ratio (medians) | median of ratios | range | ratio (totals) "
              "| active | every pair active ms | its ratio (median of ratios) |\n"
              "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const auto& f : results)
    std::printf("| %s | %lld | %.1f | %.1f | %.3f | %.3f | %.2f .. %.2f | %.3f | %.2f | %.1f | %.3f |\n",
                f.label.c_str(), static_cast<long long>(f.batch), 1e3 * median(f.none), 1e3 * median(f.landmark),
                median(f.landmark) / median(f.none), median(f.ratios), min_of(f.ratios), max_of(f.ratios),
                sum_of(f.landmark) / sum_of(f.none), f.active, 1e3 * median(f.all_active), median(f.all_active_ratios));
  std::printf("\n(ratio (totals) = all landmark steps' time / all none steps' time: the estimator a whole search\n"
              " follows, as it weights heavy and light paths by their cost.)\n");
  for (const auto& f : results)
    std::printf("(%s: landmark weight in the measured epochs = %g, last epoch's mean landmark loss = %.4f, "
                "fraction of its steps with an active hinge = %.2f)\n",
                f.label.c_str(), f.landmark_weight, f.landmark_loss, f.active);

  std::printf("\nWhole-search cost ratio estimate, ratio_total = (w*t_none + (1-w)*t_landmark) / t_none, w = %.2f\n"
              "(super-net training only; evaluation and ground truth excluded); paper (GPU-hours 7.23 / 6.26): %.3f\n",
              warmup_fraction, 7.23 / 6.26);
  for (const auto& f : results) {
    const double from_medians = warmup_fraction + (1 - warmup_fraction) * median(f.landmark) / median(f.none);
    const double from_totals = warmup_fraction + (1 - warmup_fraction) * sum_of(f.landmark) / sum_of(f.none);
    std::printf("  %s: %.3f from medians, %.3f from totals\n", f.label.c_str(), from_medians, from_totals);
  }
  std::printf("\nload average at end: %s\n", load_average().c_str());
  // For scripts (bench/vs_python.sh): medians in ms.
  for (const auto& f : results)
    std::printf("RESULT %s %lld %.3f %.3f %.3f %.2f\n", f.label.c_str(), static_cast<long long>(threads),
                1e3 * median(f.none), 1e3 * median(f.landmark), 1e3 * median(f.all_active), f.active);
  return 0;
}

}  // namespace
}  // namespace naskernel::bench

int main(int argc, char** argv) {
  return naskernel::bench::run_main("bench_regularizer_overhead", naskernel::bench::run, argc, argv);
}
