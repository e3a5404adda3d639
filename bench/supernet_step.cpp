// bench_supernet_step: super-net training step time and evaluation time.
//
// Training: the kernel's SupernetTrainer with the SPOS sampler and no
// regularizer, i.e. per step a uniformly sampled NB201 path, forward, task
// loss, backward, gradient clipping and an SGD step — exactly the search's
// step. Each repetition is one trainer "epoch" of --*-steps steps; reported
// are the median per-step time over repetitions (after warm-up epochs) and
// images/s = batch / median step time.
//
// Evaluation: the kernel's Evaluator (fixed search_valid batches, no grad)
// scoring a fixed set of --eval-archs random architectures; the per-arch time
// is the repetition's total over the set divided by its size (a mean over
// architectures, since a total over 200 architectures is what it predicts),
// medians over repetitions. The full ranking evaluation of 200 architectures
// on 10k images is extrapolated linearly from the measured per-image time.
#include "bench/bench_common.h"

#include "kernel/search/evaluator.h"
#include "kernel/search/recipes.h"
#include "kernel/search/search_host.h"
#include "kernel/search/supernet_trainer.h"

#include "classification_task.h"
#include "nb201_space.h"
#include "spos_sampler.h"

#include <naskernel/errors.h>

#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>

namespace naskernel::bench {
namespace {

struct TrainFigures {
  double step_median = 0, step_min = 0, step_max = 0;  // seconds per step
  double images_per_second = 0;
};

struct EvalFigures {
  int64_t images_per_arch = 0;
  int archs = 0;
  double arch_median = 0, arch_min = 0, arch_max = 0;  // seconds per architecture
};

struct Measured {
  BenchConfig config;
  int64_t steps_per_rep = 0;
  TrainFigures train;
  EvalFigures eval;
};

Measured measure(const BenchConfig& bc, int64_t steps, int64_t warmup, int64_t reps, int64_t eval_images,
                 int eval_archs, uint64_t seed) {
  Measured m;
  m.config = bc;
  m.steps_per_rep = steps;

  const Config task_config(bc.task, "task");
  classification::ClassificationTask task(task_config);
  task_config.finish();
  task.load(seed);

  nb201::Nb201Options space_options;
  space_options.channels = bc.channels;
  space_options.cells = bc.cells;
  const nb201::Nb201Space space(space_options);

  const torch::Device device(torch::kCPU);
  torch::manual_seed(Rng::derive(seed, "supernet.init"));
  std::shared_ptr<SuperNet> supernet = space.make_supernet(task.network());
  supernet->to(device);
  supernet->train();

  const int64_t eval_batches = std::max<int64_t>(1, eval_images / bc.eval_batch_size);
  const Evaluator evaluator(task, space, device, bc.eval_batch_size, eval_batches);
  Collectives single_process;

  SupernetRecipe recipe;  // the kernel's defaults (lr, momentum, weight decay, grad clip)
  recipe.batch_size = bc.batch_size;
  recipe.steps_per_epoch = steps;
  SearchHost host(seed, device, space, task, supernet, evaluator, [](const Arch&) { return std::optional<double>(); },
                  single_process);
  const Config sampler_config(toml::table{}, "sampler");
  spos::SposSampler sampler(sampler_config);
  sampler.attach(host);
  const int total_epochs = static_cast<int>(warmup + reps);
  SupernetTrainer trainer(recipe, total_epochs, host, sampler, {}, seed);

  auto one_epoch = [&] {
    QuietStdout quiet;
    trainer.train_until(trainer.epoch() + 1, [](const EpochSummary&) {});
  };
  for (int64_t w = 0; w < warmup; ++w) one_epoch();
  std::vector<double> per_step;
  for (int64_t r = 0; r < reps; ++r) per_step.push_back(seconds_of(one_epoch) / static_cast<double>(steps));
  m.train.step_median = median(per_step);
  m.train.step_min = min_of(per_step);
  m.train.step_max = max_of(per_step);
  m.train.images_per_second = static_cast<double>(bc.batch_size) / m.train.step_median;

  // A fixed set of uniformly random architectures, scored by the kernel's evaluator.
  Rng rng(Rng::derive(seed, "bench.evaluation_archs"));
  std::vector<Arch> archs;
  for (int i = 0; i < eval_archs; ++i) archs.push_back(space.random(rng));
  host.score(archs.front());  // warm-up
  std::vector<double> per_arch;
  for (int64_t r = 0; r < reps; ++r)
    per_arch.push_back(seconds_of([&] { host.score(archs); }) / static_cast<double>(archs.size()));
  m.eval.images_per_arch = evaluator.images_per_score();
  m.eval.archs = eval_archs;
  m.eval.arch_median = median(per_arch);
  m.eval.arch_min = min_of(per_arch);
  m.eval.arch_max = max_of(per_arch);
  return m;
}

int run(int argc, char** argv) {
  Flags flags(argc, argv, "bench_supernet_step",
              "Super-net training step time (SPOS path, forward+backward+SGD) and evaluation time,\n"
              "at the Fashion-MNIST quickstart config and the paper's NB201 config.");
  const int64_t threads = flags.integer("threads", 2, "torch intra-op threads");
  const int64_t reps = flags.integer("reps", 5, "measured repetitions (medians are over these)");
  const int64_t warmup = flags.integer("warmup", 1, "warm-up repetitions, not measured");
  const std::string configs = flags.text("configs", "quickstart,paper", "comma-separated: quickstart, paper");
  const int64_t quick_steps = flags.integer("quickstart-steps", 20, "training steps per repetition, quickstart");
  const int64_t paper_steps = flags.integer("paper-steps", 1, "training steps per repetition, paper");
  const int64_t quick_eval = flags.integer("quickstart-eval-images", 512, "search_valid images per score, quickstart");
  const int64_t paper_eval = flags.integer("paper-eval-images", 256, "search_valid images per score, paper");
  const int64_t quick_archs = flags.integer("quickstart-eval-archs", 10, "random archs scored per repetition, quickstart");
  const int64_t paper_archs = flags.integer("paper-eval-archs", 4, "random archs scored per repetition, paper");
  const int64_t full_archs = flags.integer("full-archs", 200, "architectures of the extrapolated evaluation");
  const int64_t full_images = flags.integer("full-images", 10000, "images of the extrapolated evaluation");
  const std::string fmnist = flags.text("fmnist-root", "/usr/share/datasets/fashion-mnist", "Fashion-MNIST folder");
  const int64_t seed = flags.integer("seed", 0, "seed of data, init, paths");
  if (flags.finish()) return 0;
  if (threads < 1 || reps < 1 || warmup < 0 || quick_steps < 1 || paper_steps < 1 || quick_archs < 1 ||
      paper_archs < 1)
    throw std::invalid_argument("threads, reps, steps and eval-archs must be >= 1 and warmup >= 0");

  const std::vector<std::string> names = config_names(configs);
  spdlog::set_level(spdlog::level::warn);
  torch::set_num_threads(static_cast<int>(threads));

  std::printf("bench_supernet_step: torch threads = %d, reps = %lld (medians), warm-up reps = %lld, device = CPU\n",
              torch::get_num_threads(), static_cast<long long>(reps), static_cast<long long>(warmup));
  std::printf("load average at start: %s\n%s\n", load_average().c_str(), load_warning().c_str());
  std::fflush(stdout);

  std::vector<Measured> results;
  for (const auto& name : names) {
    BenchConfig bc;
    int64_t steps = 0, eval_images = 0, eval_archs = 0;
    if (name == "quickstart") {
      bc = quickstart_config(fmnist), steps = quick_steps, eval_images = quick_eval, eval_archs = quick_archs;
    } else if (name == "paper") {
      bc = paper_config(paper_eval), steps = paper_steps, eval_images = paper_eval, eval_archs = paper_archs;
    } else {
      throw std::invalid_argument("unknown config `" + name + "` in --configs (quickstart, paper)");
    }
    std::printf("measuring %s ... data: %s\n", bc.description.c_str(), bc.data.c_str());
    std::fflush(stdout);
    results.push_back(measure(bc, steps, warmup, reps, eval_images, static_cast<int>(eval_archs),
                              static_cast<uint64_t>(seed)));
  }

  std::printf("\nSuper-net training step (uniform SPOS path; forward + loss + backward + clip + SGD), per step:\n");
  std::printf("%-11s %-5s %6s %9s %12s %21s %10s\n", "config", "data", "batch", "steps/rep", "median ms",
              "[min .. max] ms", "images/s");
  for (const auto& m : results)
    std::printf("%-11s %-5s %6lld %9lld %12.1f %9.1f .. %9.1f %10.0f\n", m.config.name.c_str(),
                m.config.real_data ? "real" : "synth", static_cast<long long>(m.config.batch_size),
                static_cast<long long>(m.steps_per_rep), 1e3 * m.train.step_median, 1e3 * m.train.step_min,
                1e3 * m.train.step_max, m.train.images_per_second);

  std::printf("\nEvaluation (kernel Evaluator, no grad, fixed search_valid batches), per architecture:\n");
  std::printf("%-11s %-5s %10s %9s %12s %21s %12s\n", "config", "data", "images", "archs/rep", "median ms",
              "[min .. max] ms", "us/image");
  for (const auto& m : results)
    std::printf("%-11s %-5s %10lld %9d %12.1f %9.1f .. %9.1f %12.1f\n", m.config.name.c_str(),
                m.config.real_data ? "real" : "synth", static_cast<long long>(m.eval.images_per_arch),
                m.eval.archs, 1e3 * m.eval.arch_median, 1e3 * m.eval.arch_min, 1e3 * m.eval.arch_max,
                1e6 * m.eval.arch_median / static_cast<double>(m.eval.images_per_arch));

  std::printf("\nRanking evaluation of %lld archs x %lld images (EXTRAPOLATED linearly from the measured time):\n",
              static_cast<long long>(full_archs), static_cast<long long>(full_images));
  for (const auto& m : results) {
    const double per_image = m.eval.arch_median / static_cast<double>(m.eval.images_per_arch);
    const double total = per_image * static_cast<double>(full_images) * static_cast<double>(full_archs);
    std::printf("  %-11s measured %.1f ms/arch on %lld images -> %.1f ms / %lld x %lld x %lld = %.0f s (%.1f min)\n",
                m.config.name.c_str(), 1e3 * m.eval.arch_median, static_cast<long long>(m.eval.images_per_arch),
                1e3 * m.eval.arch_median, static_cast<long long>(m.eval.images_per_arch),
                static_cast<long long>(full_images), static_cast<long long>(full_archs), total, total / 60);
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
    std::fprintf(stderr, "bench_supernet_step: %s\n", e.what());
    return 1;
  }
}
