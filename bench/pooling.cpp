// bench_pooling: the SDK's average pools (naskernel/pooling.h) against
// torch::avg_pool2d, forward alone (no grad, as evaluation runs them) and
// forward + backward (as training does), at the shapes the quickstart's and
// the paper's NB201 super-nets pool, in fp32 and bfloat16, interleaved in
// one run, in NCHW and channels-last.
//
//   bench_pooling [--reps 7] [--calls 50] [--threads 1] [--dtypes fp32,bf16]
//                 [--layouts nchw,channels_last]
//
// Each repetition times --calls calls of one variant; reported are the
// median microseconds per call and torch's time over naskernel's, the
// median of the per-repetition ratios. For the 3x3 pool also the two
// whole-tensor layouts of the window sum (pooling.h: row-wise, flat),
// which agree bit for bit with each other and with the direct loop
// (box_sum_kernel.h) that float and double maps take; bfloat16 maps take
// the flat one where a map row is narrower than a 64-byte vector. The last
// column is the row-wise sum's time over the pool's forward: the direct
// loop's gain over the whole-tensor sums (about 1 where the pool takes
// them).
#include "bench/bench_common.h"

#include <naskernel/pooling.h>

#include <CLI/CLI.hpp>

#include <cstdio>
#include <functional>

namespace naskernel::bench {
namespace {

struct Case {
  std::string config, pool;
  std::vector<int64_t> shape;
};

torch::Tensor torch_3x3(const torch::Tensor& x) {
  return torch::avg_pool2d(x, {3, 3}, {1, 1}, {1, 1}, /*ceil_mode=*/false, /*count_include_pad=*/false);
}
torch::Tensor torch_2x2(const torch::Tensor& x) { return torch::avg_pool2d(x, {2, 2}, {2, 2}); }
torch::Tensor row_box_sum(const torch::Tensor& x) { return pooling_detail::box_sum_3x3_rows(x); }
torch::Tensor flat_box_sum(const torch::Tensor& x) { return pooling_detail::box_sum_3x3_flat(x).contiguous(); }

// Microseconds per call of `op`, one value per repetition.
double us_per_call(const std::function<void()>& op, int64_t calls) {
  return 1e6 * seconds_of([&] {
           for (int64_t i = 0; i < calls; ++i) op();
         }) /
         static_cast<double>(calls);
}

struct Timing {
  std::vector<double> ours, theirs, ratios;
  void add(double ours_us, double theirs_us) {
    ours.push_back(ours_us), theirs.push_back(theirs_us), ratios.push_back(theirs_us / ours_us);
  }
};

// Times one case in one dtype and prints its table row.
void measure_case(const Case& c, const std::string& dtype_name, const std::string& layout, int64_t reps,
                  int64_t calls) {
  const auto dtype = dtype_name == "bf16" ? torch::kBFloat16 : torch::kFloat;
  const auto format = layout == "channels_last" ? torch::MemoryFormat::ChannelsLast : torch::MemoryFormat::Contiguous;
  const bool box = c.pool == "3x3";
  torch::Tensor (*ours)(const torch::Tensor&) = box ? average_pool_3x3 : average_pool_2x2;
  torch::Tensor (*theirs)(const torch::Tensor&) = box ? torch_3x3 : torch_2x2;
  const torch::Tensor x = torch::randn(c.shape).to(dtype).contiguous(format);
  const torch::Tensor grad = torch::randn(theirs(x).sizes()).to(dtype).contiguous(format);
  const torch::Tensor input = x.clone().requires_grad_(true);
  auto forward = [&](auto pool) {
    return [&, pool] {
      torch::NoGradGuard no_grad;
      pool(x);
    };
  };
  auto training = [&](auto pool) {
    return [&, pool] { torch::autograd::grad({pool(input)}, {input}, {grad}); };
  };
  Timing f, t, layouts;
  for (int64_t r = -1; r < reps; ++r) {  // r = -1: warm-up
    const double a = us_per_call(forward(ours), calls), b = us_per_call(forward(theirs), calls);
    const double d = us_per_call(training(theirs), calls), e = us_per_call(training(ours), calls);
    if (r >= 0) f.add(a, b), t.add(e, d);
    if (!box) continue;
    const double flat = us_per_call(forward(flat_box_sum), calls), rows = us_per_call(forward(row_box_sum), calls);
    if (r >= 0) layouts.add(flat, rows);
  }
  std::printf("| %s | %s | %s | %s | %s | %.1f | %.1f | %.2f | %.1f | %.1f | %.2f |", c.config.c_str(),
              c.pool.c_str(), c10::str(c10::IntArrayRef(c.shape)).c_str(), layout.c_str(), dtype_name.c_str(),
              median(f.theirs), median(f.ours), median(f.ratios), median(t.theirs), median(t.ours), median(t.ratios));
  if (box)
    std::printf(" %.1f | %.1f | %.2f | %.2f |\n", median(layouts.theirs), median(layouts.ours), median(layouts.ratios),
                median(layouts.theirs) / median(f.ours));
  else
    std::printf(" | | | |\n");
}

int run(int argc, char** argv) {
  CLI::App app{"naskernel's average pools against torch::avg_pool2d, forward and forward + backward"};
  int64_t reps = 7, calls = 50, threads = 1;
  std::vector<std::string> dtypes = {"fp32", "bf16"}, layouts = {"nchw", "channels_last"};
  app.add_option("--reps", reps, "repetitions per variant (medians are over these)")->check(CLI::PositiveNumber);
  app.add_option("--calls", calls, "calls per repetition")->check(CLI::PositiveNumber);
  app.add_option("--threads", threads, "LibTorch intra-op threads")->check(CLI::PositiveNumber);
  app.add_option("--dtypes", dtypes, "element types")->delimiter(',')->check(CLI::IsMember({"fp32", "bf16"}));
  app.add_option("--layouts", layouts, "memory layouts of the maps")
      ->delimiter(',')
      ->check(CLI::IsMember({"nchw", "channels_last"}));
  CLI11_PARSE(app, argc, argv);
  torch::set_num_threads(static_cast<int>(threads));
  std::printf("bench_pooling: %lld threads, %lld calls x %lld reps per variant (interleaved, medians)\n%s\n%s\n",
              static_cast<long long>(threads), static_cast<long long>(calls), static_cast<long long>(reps),
              conditions().c_str(), load_warning().c_str());

  // The stage inputs of NB201 at C = 8 (quickstart, batch 64, 16x16) and
  // C = 16 (paper, batch 256, 32x32); the 2x2 pool is each reduction block's shortcut.
  const std::vector<Case> cases = {
      {"quickstart", "3x3", {64, 8, 16, 16}},   {"quickstart", "3x3", {64, 16, 8, 8}},
      {"quickstart", "3x3", {64, 32, 4, 4}},    {"quickstart", "2x2", {64, 8, 16, 16}},
      {"paper", "3x3", {256, 16, 32, 32}},      {"paper", "3x3", {256, 32, 16, 16}},
      {"paper", "3x3", {256, 64, 8, 8}},        {"paper", "2x2", {256, 16, 32, 32}}};

  std::printf("\n| config | pool | input | layout | dtype | forward: torch us | naskernel us | ratio | forward + "
              "backward: torch us | naskernel us | ratio | 3x3 sum row-wise us | flat us | row-wise / flat | "
              "row-wise / pool |\n|---|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  torch::manual_seed(0);
  for (const auto& dtype_name : dtypes) {
    for (const auto& layout : layouts) {
      for (const auto& c : cases) {
        measure_case(c, dtype_name, layout, reps, calls);
        std::fflush(stdout);
      }
    }
  }
  std::printf("\nload average at end: %s\n", load_average().c_str());
  return 0;
}

}  // namespace
}  // namespace naskernel::bench

int main(int argc, char** argv) {
  return naskernel::bench::run_main("bench_pooling", naskernel::bench::run, argc, argv);
}
