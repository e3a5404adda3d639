// bench_supernet_step: super-net training step time and evaluation time, on
// any manifest, through the search's own assembly (SearchStack).
//
//   bench_supernet_step [--manifest FILE ...] [--set KEY=VALUE ...]
//                       [--steps 10] [--reps 5] [--threads 2] [--eval-archs 10]
//                       [--trace DIR]
//   torchrun --no_python --standalone --nproc_per_node 2 --redirects 2 --tee 2
//            --log_dir DIR build/bench/bench_supernet_step --threads 1 ...
//
// Under torchrun the ranks join a Gloo group as `naskernel run` does: the
// manifest's batch is the global batch, each step averages the gradients
// over ranks (timed separately: "all-reduce ms"), the evaluation splits the
// architectures over ranks, and rank 0 prints. A last line per manifest,
// "RESULT label ranks threads step_ms images_per_s allreduce_ms eval_ms
// gradient_mb", with gradient_mb the gradient bytes each rank all-reduces
// per step (the path's parameters, fp32),
// is for scripts (bench/scaling.sh).
//
// Training: the manifest's sampler (SPOS in both default manifests) without
// regularizers, i.e. per step a path, forward, task loss, backward, clipping
// and the optimizer step: exactly the search's step. Each repetition is one
// trainer epoch of --steps steps after one warm-up epoch; reported are the
// median per-step time over repetitions and images/s = batch / median.
//
// Evaluation: the stack's evaluator (fixed search_valid batches, no grad)
// scoring --eval-archs random architectures; the per-architecture time is
// the repetition's total over the set divided by its size, medians over
// repetitions. A ranking evaluation of --full-archs architectures on
// --full-images images is extrapolated linearly and labelled so.
//
// fp32 throughput: a step's FLOPs are taken as 3 x forward (forward, and a
// backward of about twice its cost), the forward being 2 x the multiply-adds
// per image x the batch. The multiply-adds are those of the convolutions and
// linear layers that run (MacCounter) in the super-net itself, averaged over
// 200 uniform random architectures' paths (the paths SPOS draws); the
// space's cost(), which describes the stand-alone networks, is printed
// beside and differs where the super-net is sized apart. The peak is the median rate
// of a large fp32 3x3 convolution (64 x 128 x 32 x 32 to 128 channels, no
// grad) on the same threads, in whichever layout (NCHW or channels-last) is
// faster: LibTorch runs batched convolutions through oneDNN as an implicit
// GEMM, so this is what the machine attains on the operation the networks
// spend their time in, not a datasheet figure. A plain matrix product goes
// to the BLAS that libblas.so.3 names, which on Debian defaults to the
// unoptimised reference BLAS; its rate is printed beside, for information.
//
// Convolution ceiling: the distinct convolutions of the same 200 paths
// (recorded as they run, bench/convolution_ceiling.h), each timed alone,
// forward and the backward a step needs, at the step's batch per rank, in
// both layouts. The step cannot run faster than its convolutions alone, so
// step FLOPs / their time bounds the step's fraction of the peak ("step at
// most"); the step's time beyond theirs is everything else (batch norm,
// ReLU, pooling, sums, optimizer, per-operator overhead). Beside it, those
// memory-bound operations each timed alone at the step's largest activation
// map (bench/memory_bound_operations.h).
#include "bench/bench_common.h"
#include "bench/convolution_ceiling.h"
#include "bench/mac_counter.h"
#include "bench/memory_bound_operations.h"

#include "kernel/distributed/join_world.h"
#include "kernel/distributed/world.h"

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>
#include <torch/csrc/autograd/profiler_legacy.h>

#include <algorithm>
#include <cstdio>

namespace naskernel::bench {
namespace {

struct Measured {
  std::string label;
  int64_t batch = 0;
  std::vector<double> step;  // seconds per step, per repetition
  std::vector<double> allreduce;  // seconds per step spent averaging gradients over ranks
  double gradient_mb = 0;         // per step and rank, mean over the measured steps (0 with one rank)
  int64_t images_per_score = 0;
  std::vector<double> arch;  // seconds per architecture, per repetition
  double mean_mflops = 0;    // multiply-adds per image of the super-net's paths, millions (counted; mean)
  double standalone_mflops = 0;  // the same architectures' cost(), the stand-alone networks'
  Ceiling contiguous, channels_last;  // the step's convolutions alone, per step, in each layout
  MemoryBoundTimes memory_contiguous, memory_channels_last;  // at the step's largest map, in each layout
};

// The median rate of `op`, which does `flop` floating-point operations, in GFLOP/s.
template <typename Op>
double median_gflops(double flop, int64_t reps, Op&& op) {
  torch::NoGradGuard no_grad;
  op();  // warm-up
  std::vector<double> rates;
  for (int64_t r = 0; r < reps; ++r) rates.push_back(flop / seconds_of(op) / 1e9);
  return median(rates);
}

double convolution_gflops(c10::MemoryFormat format, int64_t reps) {
  const int64_t batch = 64, channels = 128, size = 32;
  const auto input = torch::randn({batch, channels, size, size}).contiguous(format);
  const auto weight = torch::randn({channels, channels, 3, 3}).contiguous(format);
  const double flop = 2.0 * static_cast<double>(batch * channels * channels * 9 * size * size);
  return median_gflops(flop, reps, [&] { torch::conv2d(input, weight, {}, 1, 1); });
}

double matrix_product_gflops(int64_t n, int64_t reps) {
  const auto a = torch::randn({n, n}), b = torch::randn({n, n});
  return median_gflops(2.0 * static_cast<double>(n * n * n), reps, [&] { torch::mm(a, b); });
}

constexpr int kFlopArchs = 200;

std::vector<Arch> flop_archs(SearchStack& stack) {
  Rng rng(Rng::derive(stack.settings().run.seed, "bench.flop_archs"));
  std::vector<Arch> archs;
  for (int i = 0; i < kFlopArchs; ++i) archs.push_back(stack.space().random(rng));
  return archs;
}

// Runs the archs' paths through the super-net on one image each, in
// evaluation mode (so no batch statistics move), for a recorder to watch.
void forward_each_path(SearchStack& stack, const std::vector<Arch>& archs) {
  SuperNet& net = stack.supernet();
  const NetworkSpec spec = stack.task().network();
  const auto device = net.parameters().front().device();
  const auto image = torch::zeros({1, spec.channels, spec.height, spec.width}, torch::device(device));
  const bool training = net.is_training();
  net.eval();
  for (const auto& arch : archs) net.forward(image, stack.space().path(arch));
  net.train(training);
}

// The mean multiply-adds per image of the archs' paths through the super-net.
double supernet_mflops(SearchStack& stack, const std::vector<Arch>& archs) {
  torch::NoGradGuard no_grad;
  MacCounter counter;
  forward_each_path(stack, archs);
  return counter.multiply_adds() / static_cast<double>(archs.size()) / 1e6;
}

double standalone_mflops(SearchStack& stack, const std::vector<Arch>& archs) {
  double sum = 0;
  for (const auto& arch : archs) sum += stack.space().cost(arch, stack.task().network()).mflops;
  return sum / static_cast<double>(archs.size());
}

// The convolutions of the archs' paths through the super-net, with gradients
// on (so the recorder sees which inputs need theirs, as in a training step).
std::map<ConvolutionProblem, int64_t> supernet_convolutions(SearchStack& stack, const std::vector<Arch>& archs) {
  ConvolutionRecorder recorder;
  forward_each_path(stack, archs);
  return recorder.calls();
}

// A training step's FLOPs (all ranks), in billions: 3 x forward, forward = 2 x
// multiply-adds per image x the global batch.
double step_gflop(const Measured& m) { return 3.0 * 2.0 * m.mean_mflops * 1e6 * static_cast<double>(m.batch) / 1e9; }

Measured measure(const std::string& manifest, std::vector<std::string> sets, int64_t steps, int64_t reps,
                 int64_t threads, int eval_archs, const std::string& trace_dir) {
  const bool trace = !trace_dir.empty();
  const auto timing = timing_sets(steps, reps + 1 + (trace ? 1 : 0), threads);
  sets.insert(sets.begin(), timing.begin(), timing.end());
  sets.insert(sets.begin(), "regularizers=[]");
  BenchStack b(manifest, sets);
  Measured m;
  m.label = manifest_label(manifest);
  m.batch = b.stack->settings().supernet.batch_size;
  b.epoch_seconds();  // warm-up
  for (int64_t r = 0; r < reps; ++r) {
    const double before = b.stack->trainer().communication_seconds();
    m.step.push_back(b.epoch_seconds() / static_cast<double>(steps));
    m.allreduce.push_back((b.stack->trainer().communication_seconds() - before) / static_cast<double>(steps));
  }
  m.gradient_mb = static_cast<double>(b.stack->trainer().communicated_bytes()) / 1e6 /
                  static_cast<double>(steps * (reps + 1));  // the warm-up epoch included
  if (trace) {
    std::filesystem::create_directories(trace_dir);
    const std::string file = (std::filesystem::path(trace_dir) / (m.label + ".trace.json")).string();
    {
      torch::autograd::profiler::RecordProfile profile(file);
      b.epoch_seconds();
    }
    std::printf("  trace of one training epoch (%lld steps): %s\n", static_cast<long long>(steps), file.c_str());
  }

  Rng rng(Rng::derive(b.stack->settings().run.seed, "bench.evaluation_archs"));
  std::vector<Arch> archs;
  for (int i = 0; i < eval_archs; ++i) archs.push_back(b.stack->space().random(rng));
  SearchHost& host = b.stack->host();
  host.score(archs.front());  // warm-up
  for (int64_t r = 0; r < reps; ++r)
    m.arch.push_back(seconds_of([&] { host.score(archs); }) / static_cast<double>(archs.size()));
  m.images_per_score = b.stack->evaluator().images_per_score();
  const auto archs_for_flops = flop_archs(*b.stack);
  m.mean_mflops = supernet_mflops(*b.stack, archs_for_flops);
  m.standalone_mflops = standalone_mflops(*b.stack, archs_for_flops);
  const auto convolutions = supernet_convolutions(*b.stack, archs_for_flops);
  const int64_t rank_batch = m.batch / world().world_size();
  m.contiguous = convolution_ceiling(convolutions, kFlopArchs, rank_batch, c10::MemoryFormat::Contiguous, 5);
  m.channels_last = convolution_ceiling(convolutions, kFlopArchs, rank_batch, c10::MemoryFormat::ChannelsLast, 5);
  const std::vector<int64_t> map = largest_activation_map(convolutions, rank_batch);
  if (!map.empty()) {
    m.memory_contiguous = time_memory_bound_operations(map, c10::MemoryFormat::Contiguous, 5);
    m.memory_channels_last = time_memory_bound_operations(map, c10::MemoryFormat::ChannelsLast, 5);
  }
  return m;
}

int run(int argc, char** argv) {
  CLI::App app{"Super-net training step time (path, forward, backward, optimizer step) and evaluation time"};
  std::vector<std::string> manifests = default_manifests(), sets;
  int64_t steps = 10, reps = 5, threads = 2, eval_archs = 10, full_archs = 200, full_images = 10000;
  std::string trace_dir;
  app.add_option("--manifest", manifests, "search manifests (the quickstart's and bench/configs/paper-nb201.toml)");
  app.add_option("--set", sets, "manifest override KEY=VALUE for every manifest")->type_name("KEY=VALUE");
  app.add_option("--steps", steps, "training steps per repetition")->check(CLI::PositiveNumber);
  app.add_option("--reps", reps, "measured repetitions (medians are over these)")->check(CLI::PositiveNumber);
  app.add_option("--threads", threads, "LibTorch intra-op threads")->check(CLI::PositiveNumber);
  app.add_option("--eval-archs", eval_archs, "random architectures scored per repetition")->check(CLI::PositiveNumber);
  app.add_option("--full-archs", full_archs, "architectures of the extrapolated ranking evaluation");
  app.add_option("--full-images", full_images, "images of the extrapolated ranking evaluation");
  app.add_option("--trace", trace_dir, "write a Chrome trace of one more training epoch per manifest to DIR");
  CLI11_PARSE(app, argc, argv);
  spdlog::set_level(spdlog::level::warn);
  torch::set_num_threads(static_cast<int>(threads));
  join_launched_world("gloo", "cpu", 300);
  const int ranks = world().world_size();
  if (!is_rank_zero() && !std::freopen("/dev/null", "w", stdout)) return 1;  // rank 0 prints

  std::printf("bench_supernet_step: %d rank(s) x %lld threads, %lld steps x %lld reps (medians) after one warm-up epoch\n",
              ranks, static_cast<long long>(threads), static_cast<long long>(steps), static_cast<long long>(reps));
  std::printf("%s\n%s\n", conditions().c_str(), load_warning().c_str());
  const double nchw_peak = convolution_gflops(c10::MemoryFormat::Contiguous, 7);
  const double nhwc_peak = convolution_gflops(c10::MemoryFormat::ChannelsLast, 7);
  const double peak = std::max(nchw_peak, nhwc_peak);
  std::printf("fp32 peak: %.1f GFLOP/s, the faster layout's median of 7 oneDNN 3x3 convolutions, 64x128x32x32 to 128 "
              "channels, on %lld threads (NCHW %.1f, channels-last %.1f); a 1024^3 matrix product through "
              "libblas.so.3: %.1f GFLOP/s\n",
              peak, static_cast<long long>(threads), nchw_peak, nhwc_peak, matrix_product_gflops(1024, 3));
  std::vector<Measured> results;
  for (const auto& manifest : manifests) {
    std::printf("measuring %s ...\n", manifest.c_str());
    std::fflush(stdout);
    results.push_back(measure(manifest, sets, steps, reps, threads, static_cast<int>(eval_archs), trace_dir));
  }

  std::printf("\nSuper-net training step (path, forward, loss, backward, clip, optimizer step), per step:\n\n");
  std::printf("| manifest | global batch | step ms (median) | min | max | images/s | all-reduce ms | gradient MB |\n"
              "|---|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const auto& m : results) {
    const double step = median(m.step);
    std::printf("| %s | %lld | %.1f | %.1f | %.1f | %.0f | %.2f | %.2f |\n", m.label.c_str(),
                static_cast<long long>(m.batch), 1e3 * step, 1e3 * min_of(m.step), 1e3 * max_of(m.step),
                static_cast<double>(m.batch) / step, 1e3 * median(m.allreduce), m.gradient_mb);
  }
  std::printf("\nfp32 throughput of the training step (3 x forward FLOPs, forward = 2 x the super-net path's counted "
              "multiply-adds x batch; stand-alone cost() beside):\n\n");
  std::printf("| manifest | MMAC per image (super-net path, mean) | stand-alone cost() MMAC | GFLOP per step | GFLOP/s | "
              "of the peak |\n|---|---:|---:|---:|---:|---:|\n");
  for (const auto& m : results) {
    const double gflop = step_gflop(m);
    const double rate = gflop / median(m.step);
    std::printf("| %s | %.2f | %.2f | %.2f | %.1f | %.1f%% |\n", m.label.c_str(), m.mean_mflops, m.standalone_mflops,
                gflop, rate, 100.0 * rate / peak);
  }
  std::printf("\nConvolution ceiling: the step's convolutions (those of the same paths) each timed alone, forward and "
              "backward, at the step's batch, fp32; a step cannot beat its convolutions, so step FLOPs / their time "
              "bounds its fraction of the peak:\n\n");
  std::printf("| manifest | layout | convolutions alone ms | of the step | their GFLOP/s | of the peak | step at most |\n"
              "|---|---|---:|---:|---:|---:|---:|\n");
  for (const auto& m : results) {
    const double gflop = step_gflop(m);
    for (const auto& [layout, ceiling] : {std::pair{"NCHW", m.contiguous}, std::pair{"channels-last", m.channels_last}})
      std::printf("| %s | %s | %.1f | %.0f%% | %.1f | %.1f%% | %.1f%% |\n", m.label.c_str(), layout,
                  1e3 * ceiling.seconds, 100.0 * ceiling.seconds / median(m.step), ceiling.gflops(),
                  100.0 * ceiling.gflops() / peak, 100.0 * gflop / ranks / ceiling.seconds / peak);
  }
  std::printf("\nMemory-bound operations, each timed alone at the step's largest activation map (fp32; a copy's "
              "bytes read and written per second is the memory's speed; ReLU and batch norm (training mode) forward + "
              "backward; SDK norm: naskernel::batch_statistics_norm, the super-nets' default batch norm):\n\n");
  std::printf("| manifest | layout | map | copy ms | GB/s | add ms | ReLU ms | batch norm ms | SDK norm ms |\n"
              "|---|---|---|---:|---:|---:|---:|---:|---:|\n");
  for (const auto& m : results) {
    for (const auto& [layout, times] :
         {std::pair{"NCHW", m.memory_contiguous}, std::pair{"channels-last", m.memory_channels_last}}) {
      if (times.shape.empty()) continue;
      std::printf("| %s | %s | %s | %.2f | %.1f | %.2f | %.2f | %.2f | %.2f |\n", m.label.c_str(), layout,
                  c10::str(c10::IntArrayRef(times.shape)).c_str(), 1e3 * times.copy,
                  times.copy_gigabytes_per_second(), 1e3 * times.add, 1e3 * times.relu, 1e3 * times.batch_norm,
                  1e3 * times.batch_statistics_norm);
    }
  }
  std::printf("\nEvaluation (no grad, fixed search_valid batches), per architecture:\n\n");
  std::printf("| manifest | images | ms (median) | min | max | us/image | GFLOP/s (forward) | of the peak |\n"
              "|---|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const auto& m : results) {
    const double arch = median(m.arch);
    const double rate = 2.0 * m.mean_mflops * 1e6 * static_cast<double>(m.images_per_score) / arch / 1e9;
    std::printf("| %s | %lld | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f%% |\n", m.label.c_str(),
                static_cast<long long>(m.images_per_score), 1e3 * arch, 1e3 * min_of(m.arch), 1e3 * max_of(m.arch),
                1e6 * arch / static_cast<double>(m.images_per_score), rate, 100.0 * rate / peak);
  }
  std::printf("\nRanking evaluation of %lld archs x %lld images (EXTRAPOLATED linearly from the measured time):\n",
              static_cast<long long>(full_archs), static_cast<long long>(full_images));
  for (const auto& m : results) {
    const double total = median(m.arch) / static_cast<double>(m.images_per_score) * static_cast<double>(full_images) *
                         static_cast<double>(full_archs);
    std::printf("  %s: %.0f s (%.1f min)\n", m.label.c_str(), total, total / 60);
  }
  std::printf("\nload average at end: %s\n", load_average().c_str());
  for (const auto& m : results)
    std::printf("RESULT %s %d %lld %.3f %.1f %.3f %.3f %.3f\n", m.label.c_str(), ranks,
                static_cast<long long>(threads), 1e3 * median(m.step), static_cast<double>(m.batch) / median(m.step),
                1e3 * median(m.allreduce), 1e3 * median(m.arch), m.gradient_mb);
  return 0;
}

}  // namespace
}  // namespace naskernel::bench

int main(int argc, char** argv) {
  return naskernel::bench::run_main("bench_supernet_step", naskernel::bench::run, argc, argv);
}
