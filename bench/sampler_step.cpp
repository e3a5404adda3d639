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

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <memory>

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

int run(int argc, char** argv) {
  CLI::App app{"Per-step time of SPOS, GDAS and NAO with and without landmarks, and NAO's controller update"};
  std::string manifest = default_manifests().front();
  int64_t steps = 20, reps = 5, threads = 2, nao_updates = 3;
  app.add_option("--manifest", manifest, "search manifest (the quickstart's by default)");
  app.add_option("--steps", steps, "training steps per repetition")->check(CLI::PositiveNumber);
  app.add_option("--reps", reps, "measured repetitions (medians are over these)")->check(CLI::PositiveNumber);
  app.add_option("--threads", threads, "LibTorch intra-op threads")->check(CLI::PositiveNumber);
  app.add_option("--nao-updates", nao_updates, "NAO controller updates to time")->check(CLI::NonNegativeNumber);
  CLI11_PARSE(app, argc, argv);
  spdlog::set_level(spdlog::level::warn);
  torch::set_num_threads(static_cast<int>(threads));

  const std::vector<std::string> common = timing_sets(steps, reps + 1, threads);  // one warm-up epoch
  std::vector<Variant> vs = variants();
  std::vector<std::unique_ptr<BenchStack>> stacks;
  for (const auto& v : vs) {
    auto sets = common;
    sets.insert(sets.end(), v.sets.begin(), v.sets.end());
    stacks.push_back(std::make_unique<BenchStack>(manifest, sets));
  }
  for (auto& s : stacks) s->epoch_seconds();  // warm-up
  std::vector<std::vector<double>> per_step(vs.size()), ratio(vs.size());
  for (int64_t r = 0; r < reps; ++r) {
    std::vector<double> times;
    for (auto& s : stacks) times.push_back(s->epoch_seconds() / static_cast<double>(steps));
    for (size_t i = 0; i < vs.size(); ++i) per_step[i].push_back(times[i]), ratio[i].push_back(times[i] / times[0]);
  }

  std::printf("bench_sampler_step: %s\n%lld steps x %lld reps, %lld threads, batch %lld, load average %s, OpenMP wait policy %s\n\n",
              manifest.c_str(), static_cast<long long>(steps), static_cast<long long>(reps),
              static_cast<long long>(threads), static_cast<long long>(stacks[0]->stack->settings().supernet.batch_size),
              load_average().c_str(), openmp_wait_policy().c_str());
  std::printf("| variant | step ms (median) | min | max | ratio to SPOS (median of per-rep ratios) |\n|---|---:|---:|---:|---:|\n");
  for (size_t i = 0; i < vs.size(); ++i)
    std::printf("| %s | %.2f | %.2f | %.2f | %.2f |\n", vs[i].name.c_str(), 1e3 * median(per_step[i]),
                1e3 * min_of(per_step[i]), 1e3 * max_of(per_step[i]), median(ratio[i]));

  if (nao_updates > 0) {
    auto sets = common;
    sets.push_back("sampler={plugin=\"nao\", warmup_epochs=1, controller_every=1}");
    sets.push_back("regularizers=[]");
    BenchStack nao(manifest, sets);
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
  return naskernel::bench::run_main("bench_sampler_step", naskernel::bench::run, argc, argv);
}
