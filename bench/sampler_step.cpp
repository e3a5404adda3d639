// bench_sampler_step: per-step time of each sampler, with and without the
// landmark regularizer, on any manifest, through the search's own assembly
// (kernel/search/search_stack.h): exactly the steps a search runs.
//
//   bench_sampler_step [--manifest configs/nb201-fashion-mnist-spos.toml]
//                      [--steps 20] [--reps 5] [--threads 2]
//
// Per variant and repetition: one trainer epoch of --steps steps (GDAS: an
// architecture step on a search_landmark batch plus the weight step). The
// variants are interleaved within each repetition, so machine load hits
// them alike; reported are medians over repetitions and each variant's
// ratio to SPOS in the same repetition. The landmark variants use a constant
// weight from the first step and made-up landmark ground truths (the cost
// does not depend on the values). Also the NAO controller's update time
// (score the pool, train, generate) per update as the pool grows.
#include "bench/bench_common.h"

#include "kernel/host/manifest.h"
#include "kernel/host/plugin_registry.h"
#include "kernel/host/run_options.h"
#include "kernel/search/search_stack.h"

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>
#include <set>

namespace naskernel::bench {
namespace {

struct Variant {
  std::string name;
  std::vector<std::string> sets;  // --set overrides on top of the manifest
};

std::vector<Variant> variants() {
  const std::string landmark = "regularizers=[{plugin=\"landmark\", schedule=\"constant\", lambda=10.0, pairs=1}]";
  const std::string gdas = "sampler={plugin=\"gdas\"}";
  // Warm-up beyond the measured epochs: NAO's training step is a pool draw,
  // its controller is measured separately below.
  const std::string nao = "sampler={plugin=\"nao\", warmup_epochs=1000000}";
  return {{"SPOS", {"regularizers=[]"}},     {"SPOS+landmark", {landmark}}, {"GDAS", {gdas, "regularizers=[]"}},
          {"GDAS+landmark", {gdas, landmark}}, {"NAO", {nao, "regularizers=[]"}}, {"NAO+landmark", {nao, landmark}}};
}

LandmarkSet made_up_landmarks(const SearchSpace& space, bool higher_is_better, int count, uint64_t seed) {
  LandmarkSet set;
  set.higher_is_better = higher_is_better;
  Rng rng(Rng::derive(seed, "bench.landmarks"));
  std::set<std::string> keys;
  while (static_cast<int>(set.items.size()) < count) {
    Arch arch = space.random(rng);
    if (keys.insert(space.canonical_key(arch)).second)
      set.items.push_back({arch, 90.0 - static_cast<double>(set.items.size()), 1});
  }
  return set;
}

struct Stack {
  Manifest manifest;
  std::unique_ptr<SearchStack> stack;
};

Stack make_stack(const std::string& file, std::vector<std::string> sets) {
  Stack s{Manifest::load(file, sets), nullptr};
  static const PluginRegistry registry(PluginRegistry::default_dirs(nullptr));
  s.stack = std::make_unique<SearchStack>(s.manifest, registry, [](const Arch&) { return std::optional<double>(); });
  const SearchSpace& space = s.stack->space();
  s.stack->host().set_landmarks(
      made_up_landmarks(space, s.stack->task().metrics().at(0).higher_is_better, 10, s.stack->settings().run.seed));
  return s;
}

int run(int argc, char** argv) {
  CLI::App app{"Per-step time of SPOS, GDAS and NAO with and without landmarks, and NAO's controller update"};
  std::string manifest = std::string(NASKERNEL_SOURCE_DIR) + "/configs/nb201-fashion-mnist-spos.toml";
  int64_t steps = 20, reps = 5, threads = 2, nao_updates = 3;
  app.add_option("--manifest", manifest, "search manifest (the quickstart's by default)");
  app.add_option("--steps", steps, "training steps per repetition")->check(CLI::PositiveNumber);
  app.add_option("--reps", reps, "measured repetitions (medians are over these)")->check(CLI::PositiveNumber);
  app.add_option("--threads", threads, "LibTorch intra-op threads")->check(CLI::PositiveNumber);
  app.add_option("--nao-updates", nao_updates, "NAO controller updates to time")->check(CLI::NonNegativeNumber);
  CLI11_PARSE(app, argc, argv);
  spdlog::set_level(spdlog::level::warn);
  torch::set_num_threads(static_cast<int>(threads));

  const int64_t epochs = reps + 1;  // one warm-up epoch
  const std::vector<std::string> common = {"supernet.steps_per_epoch=" + std::to_string(steps),
                                           "supernet.epochs=" + std::to_string(epochs), "landmarks.iterations=1",
                                           "run.threads=" + std::to_string(threads)};
  std::vector<Variant> vs = variants();
  std::vector<Stack> stacks;
  for (const auto& v : vs) {
    auto sets = common;
    sets.insert(sets.end(), v.sets.begin(), v.sets.end());
    stacks.push_back(make_stack(manifest, sets));
  }
  auto one_epoch = [](SearchStack& s) {
    QuietStdout quiet;
    s.trainer().train_until(s.trainer().epoch() + 1, [](const EpochSummary&) {});
  };
  for (auto& s : stacks) one_epoch(*s.stack);  // warm-up
  std::vector<std::vector<double>> per_step(vs.size()), ratio(vs.size());
  for (int64_t r = 0; r < reps; ++r) {
    std::vector<double> times;
    for (auto& s : stacks) times.push_back(seconds_of([&] { one_epoch(*s.stack); }) / static_cast<double>(steps));
    for (size_t i = 0; i < vs.size(); ++i) per_step[i].push_back(times[i]), ratio[i].push_back(times[i] / times[0]);
  }

  std::printf("bench_sampler_step: %s\n%lld steps x %lld reps, %lld threads, batch %lld, load average %s\n\n",
              manifest.c_str(), static_cast<long long>(steps), static_cast<long long>(reps),
              static_cast<long long>(threads), static_cast<long long>(stacks[0].stack->settings().supernet.batch_size),
              load_average().c_str());
  std::printf("| variant | step ms (median) | min | max | ratio to SPOS (median of per-rep ratios) |\n|---|---:|---:|---:|---:|\n");
  for (size_t i = 0; i < vs.size(); ++i)
    std::printf("| %s | %.2f | %.2f | %.2f | %.2f |\n", vs[i].name.c_str(), 1e3 * median(per_step[i]),
                1e3 * min_of(per_step[i]), 1e3 * max_of(per_step[i]), median(ratio[i]));

  if (nao_updates > 0) {
    auto sets = common;
    sets.push_back("sampler={plugin=\"nao\", warmup_epochs=1, controller_every=1}");
    sets.push_back("regularizers=[]");
    Stack nao = make_stack(manifest, sets);
    std::printf("\nNAO controller update (score the pool, train the controller, generate), per update:\n");
    std::printf("| update | seconds |\n|---:|---:|\n");
    std::vector<double> seconds;
    for (int64_t u = 0; u < nao_updates; ++u) {
      seconds.push_back(seconds_of([&] { nao.stack->sampler().on_epoch_end(static_cast<int>(u), 1000); }));
      std::printf("| %lld | %.2f |\n", static_cast<long long>(u + 1), seconds.back());
    }
    std::printf("median %.2f s (the pool grows by new_archs + random_archs per update)\n", median(seconds));
  }
  return 0;
}

}  // namespace
}  // namespace naskernel::bench

int main(int argc, char** argv) {
  try {
    return naskernel::bench::run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_sampler_step: %s\n", e.what());
    return 1;
  }
}
