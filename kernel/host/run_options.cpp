#include "kernel/host/run_options.h"

#include "kernel/host/manifest.h"
#include "kernel/host/memory_policy.h"
#include "kernel/host/thread_policy.h"

#include <naskernel/errors.h>

#include <spdlog/spdlog.h>

#include <torch/cuda.h>
#include <ATen/Parallel.h>


namespace naskernel {
namespace fs = std::filesystem;

namespace {

// "cpu", "cuda" or "cuda:N" with N a valid device index on this machine.
void check_device(const std::string& device, const Config& run) {
  if (device == "cpu") return;
  const std::string where = run.location("device");
  int index = 0;
  if (device.rfind("cuda", 0) != 0 ||
      (device.size() > 4 && (device[4] != ':' || device.size() == 5 ||
                             device.find_first_not_of("0123456789", 5) != std::string::npos)))
    throw ConfigError(where + "key `run.device` must be \"cpu\", \"cuda\" or \"cuda:N\", got \"" + device + "\"");
  if (device.size() > 5) index = std::stoi(device.substr(5));
  if (!torch::cuda::is_available())
    throw UserError(where + "key `run.device` asks for " + device +
                    ", but no CUDA device is usable here (this LibTorch build has no CUDA, or no GPU is visible); "
                    "use device = \"cpu\"");
  const auto count = static_cast<int>(torch::cuda::device_count());
  if (index >= count)
    throw UserError(where + "key `run.device` asks for " + device + ", but this machine has " + std::to_string(count) +
                    " CUDA device(s)");
}

}  // namespace

std::vector<fs::path> manifest_plugin_paths(const Manifest& manifest) {
  Config run = manifest.section("run");
  std::vector<fs::path> paths;
  const auto entries = run.get_list<std::string>("plugin_paths", {});
  for (size_t i = 0; i < entries.size(); ++i) {
    fs::path path(entries[i]);
    if (path.is_relative()) {
      const fs::path base = manifest.defining_file("run.plugin_paths[" + std::to_string(i) + "]").parent_path();
      path = base / path;
    }
    paths.push_back(fs::absolute(path).lexically_normal());
  }
  return paths;
}

RunOptions read_run_options(const Manifest& manifest) {
  Config run = manifest.section("run");
  RunOptions options;
  options.name = run.get<std::string>("name", manifest.file().stem().string());
  if (options.name.empty() || options.name.find('/') != std::string::npos)
    throw ConfigError(run.location("name") + "key `run.name` must be a non-empty name without `/`, got \"" +
                      options.name + "\"");
  const int64_t seed = run.get<int64_t>("seed", 0);
  if (seed < 0) throw ConfigError(run.location("seed") + "key `run.seed` must be non-negative, got " + std::to_string(seed));
  options.seed = static_cast<uint64_t>(seed);
  options.device = run.get<std::string>("device", "cpu");
  check_device(options.device, run);
  // One thread by default: LibTorch's threads meet at a barrier in every
  // operator, and on a shared machine a descheduled one stalls the rest,
  // which made small super-nets several times slower; one thread loses far
  // less when the machine is idle (README, "Threads and shared machines").
  const int64_t threads = run.get<int64_t>("threads", 1);
  if (threads < 1 || threads > 4096)
    throw ConfigError(run.location("threads") + "key `run.threads` must be between 1 and 4096, got " +
                      std::to_string(threads));
  options.threads = static_cast<int>(threads);
  options.out_dir = run.get<std::string>("out_dir", "runs");
  options.backend = run.get<std::string>("backend", "auto");
  if (options.backend != "auto" && options.backend != "gloo" && options.backend != "nccl")
    throw ConfigError(run.location("backend") + "key `run.backend` must be \"auto\", \"gloo\" or \"nccl\", got \"" +
                      options.backend + "\"");
  const int64_t timeout = run.get<int64_t>("timeout_s", 300);
  if (timeout < 1 || timeout > 86400)
    throw ConfigError(run.location("timeout_s") + "key `run.timeout_s` must be between 1 and 86400 seconds, got " +
                      std::to_string(timeout));
  options.timeout_s = static_cast<int>(timeout);
  options.plugin_paths = manifest_plugin_paths(manifest);
  run.finish({"plugin_paths"});  // read by manifest_plugin_paths
  return options;
}

void apply_run_options(const RunOptions& options) {
  at::set_num_threads(options.threads);
  spdlog::info("LibTorch threads: {} (OpenMP wait policy {}; memory: {})", options.threads, openmp_wait_policy(),
               memory_policy());
}

}  // namespace naskernel
