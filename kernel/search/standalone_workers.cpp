#include "standalone_workers.h"

#include "plugin_set.h"

#include "../host/cancellation.h"
#include "../host/manifest.h"
#include "../host/plugin_registry.h"
#include "../host/run_options.h"
#include "../host/subprocess.h"

#include <naskernel/errors.h>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <signal.h>
#include <sys/wait.h>

#include <fstream>
#include <map>

namespace naskernel {

namespace {

std::filesystem::path own_executable() { return std::filesystem::read_symlink("/proc/self/exe"); }

std::string tail_of(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line, last;
  while (std::getline(in, line))
    if (!line.empty()) last = line;
  return last;
}

StandaloneResult read_result(const std::filesystem::path& file) {
  std::ifstream in(file);
  const auto json = nlohmann::json::parse(in);
  StandaloneResult r;
  r.ground_truth = json.at("ground_truth").get<double>();
  r.metrics = json.at("metrics").get<std::map<std::string, double>>();
  r.wall_seconds = json.at("wall_seconds").get<double>();
  return r;
}

}  // namespace

std::vector<StandaloneResult> train_in_workers(const std::filesystem::path& manifest_file,
                                               const std::vector<StandaloneJob>& jobs, int workers,
                                               int threads_per_worker, const std::filesystem::path& work_dir) {
  std::filesystem::create_directories(work_dir);
  const auto exe = own_executable();
  std::vector<StandaloneResult> results(jobs.size());
  std::map<pid_t, size_t> running;
  size_t next = 0, done = 0;
  auto output_of = [&](size_t i) { return work_dir / ("worker-" + std::to_string(i) + ".json"); };
  auto log_of = [&](size_t i) { return work_dir / ("worker-" + std::to_string(i) + ".log"); };

  auto stop_all = [&] {
    for (const auto& [pid, index] : running) kill(pid, SIGTERM);
    for (const auto& [pid, index] : running) waitpid(pid, nullptr, 0);
    running.clear();
  };

  auto name_of = [&](size_t i) { return jobs[i].arch + " (seed " + std::to_string(jobs[i].seed) + ")"; };

  while (done < jobs.size()) {
    while (next < jobs.size() && static_cast<int>(running.size()) < workers) {
      std::filesystem::remove(output_of(next));
      const pid_t pid = spawn_process({exe.string(), "standalone-worker", manifest_file.string(), "--arch",
                                      jobs[next].arch, "--seed", std::to_string(jobs[next].seed), "--output",
                                      output_of(next).string(), "--threads", std::to_string(threads_per_worker), "-q"},
                                     log_of(next));
      running[pid] = next++;
    }
    int status = 0;
    const pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0) {
      if (errno == EINTR && !cancellation_requested()) continue;
      stop_all();
      throw UserError("stand-alone training was interrupted");
    }
    auto it = running.find(pid);
    if (it == running.end()) continue;
    const size_t index = it->second;
    running.erase(it);
    if (!child_exit(status).succeeded() || !std::filesystem::exists(output_of(index))) {
      stop_all();
      throw UserError("stand-alone training of " + name_of(index) + " failed in its worker (" +
                      tail_of(log_of(index)) + "); see " + log_of(index).string());
    }
    results[index] = read_result(output_of(index));
    ++done;
    spdlog::info("ground truth {}/{}: {} = {:.3f} ({:.1f} s)", done, jobs.size(), name_of(index),
                 results[index].ground_truth, results[index].wall_seconds);
  }
  return results;
}

int standalone_worker_main(const std::filesystem::path& manifest_file, const std::string& arch_text,
                           std::optional<int64_t> seed, const std::filesystem::path& output, int threads) {
  torch::set_num_threads(threads);
  const Manifest manifest = Manifest::load(manifest_file);
  const RunOptions options = read_run_options(manifest);
  const PluginRegistry registry(PluginRegistry::default_dirs(&manifest));
  const PluginSet plugins = create_plugins(manifest, registry, false);
  StandaloneRecipe recipe = read_standalone_recipe(manifest.section("standalone"));
  if (seed) recipe.seed = *seed;  // one of the ground_truth.repeats
  plugins.task->load(static_cast<uint64_t>(options.seed));
  const Arch arch = plugins.space->parse(arch_text);
  const StandaloneResult result =
      train_standalone(*plugins.space, *plugins.task, arch, recipe, torch::Device(options.device), false);
  const nlohmann::json json = {
      {"arch", arch_text},
      {"seed", recipe.seed},
      {"ground_truth", result.ground_truth},
      {"metrics", result.metrics},
      {"wall_seconds", result.wall_seconds}};
  const auto temporary = std::filesystem::path(output.string() + ".tmp");
  std::ofstream(temporary) << json.dump(2);
  std::filesystem::rename(temporary, output);
  return 0;
}

}  // namespace naskernel
