// bench_regularizer_overhead: the cost of landmark regularization per
// super-net step, against the `none` baseline, within one run.
//
// Two complete search stacks (kernel SupernetTrainer + SearchHost + SPOS
// sampler) share the task and the seed, so they start from the same
// super-net weights and train the same paths on the same batches in the same
// order. One has the `none` regularizer (weight 0: the kernel never calls its
// loss), the other `landmark` with P pairs per step and a constant weight
// from the first epoch (warmup_epochs = 0), so every measured step runs the
// task path plus both landmark paths forward and backward. Repetitions of
// --*-steps steps alternate between the two (AB, BA, AB, ...) after one
// warm-up repetition each; reported are median per-step times, their ratio,
// and the median of the per-repetition ratios.
//
// The whole-search estimate assumes the landmark loss costs nothing during
// the warm-up fraction w (weight 0, loss() skipped):
//   ratio_total = (w * t_none + (1 - w) * t_landmark) / t_none.
#include "bench/bench_common.h"

#include "kernel/search/evaluator.h"
#include "kernel/search/recipes.h"
#include "kernel/search/search_host.h"
#include "kernel/search/supernet_trainer.h"

#include "classification_task.h"
#include "landmark_regularizer.h"
#include "nb201_space.h"
#include "none_regularizer.h"
#include "spos_sampler.h"

#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>
#include <set>

namespace naskernel::bench {
namespace {

// One search stack: super-net, host, sampler, regularizer and trainer.
struct Stack {
  std::shared_ptr<SuperNet> supernet;
  std::unique_ptr<SearchHost> host;
  std::unique_ptr<spos::SposSampler> sampler;
  std::unique_ptr<SupernetTrainer> trainer;
  std::map<std::string, double> last_values;  // the last epoch's regularizer weights and losses

  double epoch_seconds() {
    return seconds_of([&] {
      QuietStdout quiet;
      trainer->train_until(trainer->epoch() + 1, [&](const EpochSummary& s) { last_values = s.values; });
    });
  }
};

struct Figures {
  BenchConfig config;
  int64_t steps = 0;
  std::vector<double> none, landmark, ratios;  // per step, per repetition
  double landmark_weight = 0, landmark_loss = 0;
};

Figures measure(const BenchConfig& bc, int64_t steps, int64_t reps, int pairs, int landmark_count,
                uint64_t seed) {
  Figures f;
  f.config = bc;
  f.steps = steps;

  const Config task_config(bc.task, "task");
  classification::ClassificationTask task(task_config);
  task_config.finish();
  task.load(seed);

  nb201::Nb201Options space_options;
  space_options.channels = bc.channels;
  space_options.cells = bc.cells;
  const nb201::Nb201Space space(space_options);
  const torch::Device device(torch::kCPU);
  // Not timed here; the trainers need an evaluator to build their hosts.
  const Evaluator evaluator(task, space, device, bc.eval_batch_size, 1);
  Collectives single_process;

  // A timing benchmark: the landmarks are random architectures with made-up,
  // distinct ground truths (90, 89, ...). The values do not matter for the
  // cost; only that every pair is rankable, so the loss is always computed.
  LandmarkSet landmarks;
  landmarks.higher_is_better = task.metrics().at(0).higher_is_better;
  {
    Rng rng(Rng::derive(seed, "bench.landmarks"));
    std::set<std::string> keys;
    while (static_cast<int>(landmarks.items.size()) < landmark_count) {
      Arch arch = space.random(rng);
      if (!keys.insert(space.canonical_key(arch)).second) continue;
      const double fake_truth = 90.0 - static_cast<double>(landmarks.items.size());
      landmarks.items.push_back({arch, fake_truth, 1});
    }
  }

  SupernetRecipe recipe;  // the kernel's defaults
  recipe.batch_size = bc.batch_size;
  recipe.steps_per_epoch = steps;
  const int total_epochs = static_cast<int>(reps + 1);

  auto make_stack = [&](std::shared_ptr<Regularizer> regularizer, const std::string& name) {
    Stack s;
    torch::manual_seed(Rng::derive(seed, "supernet.init"));  // same initial weights in both stacks
    s.supernet = space.make_supernet(task.network());
    s.supernet->to(device);
    s.supernet->train();
    s.host = std::make_unique<SearchHost>(seed, device, space, task, s.supernet, evaluator,
                                          [](const Arch&) { return std::optional<double>(); }, single_process);
    s.host->set_landmarks(landmarks);
    s.sampler = std::make_unique<spos::SposSampler>(Config(toml::table{}, "sampler"));
    s.sampler->attach(*s.host);
    regularizer->attach(*s.host);
    s.trainer = std::make_unique<SupernetTrainer>(recipe, total_epochs, *s.host, *s.sampler,
                                                  std::vector<NamedRegularizer>{{name, regularizer}}, seed);
    return s;
  };

  const Config none_config(toml::table{}, "regularizers[0]");
  auto none = std::make_shared<none::NoneRegularizer>(none_config);
  none_config.finish();
  const Config landmark_config(toml::table{{"pairs", pairs},
                                           {"formulation", "hinge"},
                                           {"schedule", "constant"},
                                           {"lambda", 10.0},
                                           {"warmup_epochs", 0}},
                               "regularizers[0]");
  auto landmark = std::make_shared<landmark::LandmarkRegularizer>(landmark_config);
  landmark_config.finish();

  Stack a = make_stack(none, "none");
  Stack b = make_stack(landmark, "landmark");

  a.epoch_seconds();  // warm-up
  b.epoch_seconds();
  for (int64_t r = 0; r < reps; ++r) {
    double ta = 0, tb = 0;
    if (r % 2 == 0) {
      ta = a.epoch_seconds();
      tb = b.epoch_seconds();
    } else {
      tb = b.epoch_seconds();
      ta = a.epoch_seconds();
    }
    f.none.push_back(ta / static_cast<double>(steps));
    f.landmark.push_back(tb / static_cast<double>(steps));
    f.ratios.push_back(tb / ta);
  }
  f.landmark_weight = b.last_values["regularizer.landmark.weight"];
  f.landmark_loss = b.last_values.count("regularizer.landmark.loss") ? b.last_values["regularizer.landmark.loss"] : -1;
  if (f.landmark_weight <= 0)
    throw std::logic_error("the landmark regularizer's weight was 0 in the measured epochs; the benchmark is void");
  if (a.last_values["regularizer.none.weight"] != 0)
    throw std::logic_error("the none regularizer reported a non-zero weight");
  return f;
}

int run(int argc, char** argv) {
  Flags flags(argc, argv, "bench_regularizer_overhead",
              "Per-step time of super-net training with the landmark regularizer (weight > 0) over `none`,\n"
              "interleaved in one run, and the whole-search cost ratio estimate.");
  const int64_t threads = flags.integer("threads", 2, "torch intra-op threads");
  const int64_t reps = flags.integer("reps", 5, "measured repetitions per variant (interleaved AB, BA, ...), quickstart");
  const int64_t paper_reps = flags.integer("paper-reps", 3, "measured repetitions per variant, paper");
  const std::string configs = flags.text("configs", "quickstart,paper", "comma-separated: quickstart, paper");
  const int64_t quick_steps = flags.integer("quickstart-steps", 20, "steps per repetition, quickstart");
  const int64_t paper_steps = flags.integer("paper-steps", 1, "steps per repetition, paper");
  const int64_t pairs = flags.integer("pairs", 1, "landmark pairs per step (P)");
  const int64_t landmark_count = flags.integer("landmarks", 10, "landmark architectures (fake ground truth)");
  const double warmup_fraction = flags.number("warmup-fraction", 0.25, "w: fraction of epochs without landmark loss");
  const std::string fmnist = flags.text("fmnist-root", "/usr/share/datasets/fashion-mnist", "Fashion-MNIST folder");
  const int64_t seed = flags.integer("seed", 0, "seed of data, init, paths, pairs");
  if (flags.finish()) return 0;
  if (threads < 1 || reps < 1 || paper_reps < 1 || quick_steps < 1 || paper_steps < 1 || pairs < 1 || landmark_count < 2)
    throw std::invalid_argument("threads, reps, steps, pairs must be >= 1 and landmarks >= 2");
  if (warmup_fraction < 0 || warmup_fraction >= 1) throw std::invalid_argument("--warmup-fraction must be in [0, 1)");

  const std::vector<std::string> names = config_names(configs);
  spdlog::set_level(spdlog::level::warn);
  torch::set_num_threads(static_cast<int>(threads));
  std::printf("bench_regularizer_overhead: torch threads = %d, reps per variant (interleaved, medians) = %lld "
              "quickstart / %lld paper, landmark P = %lld, K = %lld, device = CPU\n",
              torch::get_num_threads(), static_cast<long long>(reps), static_cast<long long>(paper_reps),
              static_cast<long long>(pairs),
              static_cast<long long>(landmark_count));
  std::printf("load average at start: %s\n%s\n", load_average().c_str(), load_warning().c_str());
  std::fflush(stdout);

  std::vector<Figures> results;
  for (const auto& name : names) {
    BenchConfig bc;
    int64_t steps = 0, config_reps = reps;
    if (name == "quickstart") {
      bc = quickstart_config(fmnist), steps = quick_steps;
    } else if (name == "paper") {
      bc = paper_config(256), steps = paper_steps, config_reps = paper_reps;
    } else {
      throw std::invalid_argument("unknown config `" + name + "` in --configs (quickstart, paper)");
    }
    std::printf("measuring %s ... data: %s\n", bc.description.c_str(), bc.data.c_str());
    std::fflush(stdout);
    results.push_back(measure(bc, steps, config_reps, static_cast<int>(pairs), static_cast<int>(landmark_count),
                              static_cast<uint64_t>(seed)));
  }

  std::printf("\nPer-step time, `none` vs `landmark` (weight > 0: task path + %lld pair(s) of landmark paths, "
              "all forward and backward):\n", static_cast<long long>(pairs));
  std::printf("%-11s %-5s %6s %9s %5s %10s %12s %16s %16s %14s %15s\n", "config", "data", "batch", "steps/rep",
              "reps", "none ms", "landmark ms", "ratio (medians)", "median of ratios", "ratio range", "ratio (totals)");
  for (const auto& f : results) {
    const double t_none = median(f.none), t_landmark = median(f.landmark);
    double sum_none = 0, sum_landmark = 0;
    for (double t : f.none) sum_none += t;
    for (double t : f.landmark) sum_landmark += t;
    std::printf("%-11s %-5s %6lld %9lld %5zu %10.1f %12.1f %16.3f %16.3f %6.2f .. %4.2f %15.3f\n",
                f.config.name.c_str(), f.config.real_data ? "real" : "synth",
                static_cast<long long>(f.config.batch_size), static_cast<long long>(f.steps), f.none.size(),
                1e3 * t_none, 1e3 * t_landmark, t_landmark / t_none, median(f.ratios), min_of(f.ratios),
                max_of(f.ratios), sum_landmark / sum_none);
  }
  std::printf("  (ratio (totals) = all landmark steps' time / all none steps' time: the estimator a whole search\n"
              "   follows, as it weights heavy and light paths by their cost; the medians follow the brief.)\n");
  for (const auto& f : results)
    std::printf("  (%s: landmark weight in the measured epochs = %g, mean landmark loss = %.4f)\n",
                f.config.name.c_str(), f.landmark_weight, f.landmark_loss);

  const double paper_ratio = 7.23 / 6.26;
  std::printf("\nWhole-search cost ratio estimate, ratio_total = (w*t_none + (1-w)*t_landmark) / t_none, w = %.2f\n"
              "(super-net training only; evaluation and ground truth excluded):\n", warmup_fraction);
  for (const auto& f : results) {
    const double t_none = median(f.none), t_landmark = median(f.landmark);
    const double total = (warmup_fraction * t_none + (1 - warmup_fraction) * t_landmark) / t_none;
    double sum_none = 0, sum_landmark = 0;
    for (double t : f.none) sum_none += t;
    for (double t : f.landmark) sum_landmark += t;
    const double from_totals = warmup_fraction + (1 - warmup_fraction) * sum_landmark / sum_none;
    std::printf("  %-11s ratio_total = %.3f from medians (%.3f from totals)    paper (GPU-hours 7.23 / 6.26): %.3f\n",
                f.config.name.c_str(), total, from_totals, paper_ratio);
  }
  std::printf("\nload average at end: %s\n", load_average().c_str());
  return 0;
}

}  // namespace
}  // namespace naskernel::bench

int main(int argc, char** argv) {
  try {
    return naskernel::bench::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_regularizer_overhead: %s\n", e.what());
    return 1;
  }
}
