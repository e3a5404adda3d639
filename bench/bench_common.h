// Shared helpers of the benchmark executables (header-only, so each
// benchmark stays one translation unit): search stacks built from manifests
// through the search's own assembly, medians, the load average, and a
// silencer for the kernel's progress lines. Flags are CLI11's.
#pragma once

#include "kernel/host/manifest.h"
#include "kernel/host/memory_policy.h"
#include "kernel/host/plugin_registry.h"
#include "kernel/host/thread_policy.h"
#include "kernel/search/search_stack.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace naskernel::bench {

// ---- statistics and time ----

inline double median(std::vector<double> values) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

inline double min_of(const std::vector<double>& values) {
  return values.empty() ? 0 : *std::min_element(values.begin(), values.end());
}

inline double max_of(const std::vector<double>& values) {
  return values.empty() ? 0 : *std::max_element(values.begin(), values.end());
}

template <class F>
double seconds_of(F&& f) {
  const auto start = std::chrono::steady_clock::now();
  f();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// The 1, 5 and 15 minute load averages, for the record of how busy the machine was.
inline std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

// What the figures depend on besides the code: the load and how OpenMP threads wait.
inline std::string conditions() {
  return "load average at start: " + load_average() + "; OpenMP wait policy " + openmp_wait_policy() +
         "; memory: " + memory_policy();
}

// A warning line when the 1-minute load already fills the CPUs, or "".
inline std::string load_warning() {
  std::ifstream in("/proc/loadavg");
  double one_minute = 0;
  in >> one_minute;
  const long cpus = ::sysconf(_SC_NPROCESSORS_ONLN);
  if (cpus <= 0 || one_minute < static_cast<double>(cpus)) return "";
  char text[200];
  std::snprintf(text, sizeof text,
                "WARNING: load average %.2f >= %ld CPUs: timings are unreliable (multi-threaded ones especially); "
                "compare with --threads 1\n",
                one_minute, cpus);
  return text;
}

// Points stdout at /dev/null while alive, so the kernel's progress line (drawn
// when stdout is a terminal) does not interleave with the benchmark's table.
class QuietStdout {
 public:
  QuietStdout() {
    std::fflush(stdout);
    saved_ = ::dup(STDOUT_FILENO);
    const int null_fd = ::open("/dev/null", O_WRONLY);
    if (saved_ >= 0 && null_fd >= 0) ::dup2(null_fd, STDOUT_FILENO);
    if (null_fd >= 0) ::close(null_fd);
  }
  ~QuietStdout() {
    std::fflush(stdout);
    if (saved_ >= 0) {
      ::dup2(saved_, STDOUT_FILENO);
      ::close(saved_);
    }
  }
  QuietStdout(const QuietStdout&) = delete;
  QuietStdout& operator=(const QuietStdout&) = delete;

 private:
  int saved_ = -1;
};

// ---- search stacks from manifests ----

// The manifests measured when none is given: the Fashion-MNIST quickstart's
// super-net and the paper's NB201 super-net at CIFAR-10's shape.
inline std::vector<std::string> default_manifests() {
  return {std::string(NASKERNEL_SOURCE_DIR) + "/configs/nb201-fashion-mnist-spos.toml",
          std::string(NASKERNEL_SOURCE_DIR) + "/bench/configs/paper-nb201.toml"};
}

// A short name for tables: the manifest's file stem.
inline std::string manifest_label(const std::string& file) { return std::filesystem::path(file).stem().string(); }

// A timing benchmark's landmarks: distinct random architectures with made-up,
// distinct ground truths (90, 89, ...). The cost does not depend on the
// values, only on every pair being rankable.
inline LandmarkSet made_up_landmarks(const SearchSpace& space, bool higher_is_better, int count, uint64_t seed) {
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

// A manifest and the search stack assembled from it, with made-up landmarks
// and no ground truth. Stacks built from one manifest and seed start from the
// same weights and draw the same paths and batches.
struct BenchStack {
  Manifest manifest;
  std::unique_ptr<SearchStack> stack;

  BenchStack(const std::string& file, const std::vector<std::string>& sets, int landmarks = 10)
      : manifest(Manifest::load(file, sets)) {
    static const PluginRegistry registry(PluginRegistry::default_dirs(nullptr));
    stack = std::make_unique<SearchStack>(manifest, registry, [](const Arch&) { return std::optional<double>(); });
    stack->host().set_landmarks(made_up_landmarks(stack->space(), stack->task().metrics().at(0).higher_is_better,
                                                  landmarks, stack->settings().run.seed));
  }
  BenchStack(const BenchStack&) = delete;  // the stack refers to the manifest
  BenchStack& operator=(const BenchStack&) = delete;

  // One trainer epoch (supernet.steps_per_epoch steps), quietly; its seconds.
  double epoch_seconds(EpochSummary* summary = nullptr) {
    return seconds_of([&] {
      QuietStdout quiet;
      stack->trainer().train_until(stack->trainer().epoch() + 1, [&](const EpochSummary& s) {
        if (summary) *summary = s;
      });
    });
  }
};

// The --set overrides that make a manifest's trainer run `epochs` epochs of
// `steps` steps on `threads` threads.
inline std::vector<std::string> timing_sets(int64_t steps, int64_t epochs, int64_t threads) {
  return {"supernet.steps_per_epoch=" + std::to_string(steps), "supernet.epochs=" + std::to_string(epochs),
          "landmarks.iterations=1", "run.threads=" + std::to_string(threads)};
}

// A benchmark's main(): runs `run` and turns an exception into a message
// prefixed with the benchmark's name and exit code 1.
inline int run_main(const char* name, int (*run)(int, char**), int argc, char** argv) {
  keep_freed_memory();  // as the naskernel host does
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", name, e.what());
    return 1;
  }
}

}  // namespace naskernel::bench
