#include "standalone_command.h"

#include "ground_truth_options.h"
#include "ground_truth_provider.h"
#include "plugin_set.h"

#include "../host/manifest.h"
#include "../host/plugin_registry.h"
#include "../host/run_options.h"
#include "../report/ground_truth_repeatability.h"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <fstream>
#include <iostream>

namespace naskernel {

namespace {

// Removed however the command ends, an error included.
struct TemporaryFolder {
  std::filesystem::path path;
  ~TemporaryFolder() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

}  // namespace

int standalone_command(const Manifest& manifest, const PluginRegistry& registry, const std::vector<std::string>& texts) {
  const RunOptions options = read_run_options(manifest);
  PluginSet plugins = create_plugins(manifest, registry, false);
  std::vector<Arch> archs;
  for (const auto& text : texts) archs.push_back(plugins.space->parse(text));
  const GroundTruthOptions ground_truth = read_ground_truth_options(manifest, plugins.task->metrics());

  // Workers re-read the manifest from a file.
  const TemporaryFolder work{std::filesystem::temp_directory_path() / ("naskernel-train-" + std::to_string(::getpid()))};
  const auto& work_dir = work.path;
  std::filesystem::create_directories(work_dir);
  const auto manifest_file = work_dir / "manifest.resolved.toml";
  std::ofstream(manifest_file) << manifest.to_toml();

  GroundTruthProvider provider(ground_truth, manifest, *plugins.space, *plugins.task, torch::Device(options.device),
                               work_dir, manifest_file);
  // The data is read only for training in this process: a table lookup, a
  // store hit or training in worker processes needs none of it.
  provider.set_task_loader([&] { plugins.task->load(static_cast<uint64_t>(options.seed)); });
  const auto values = provider.obtain(archs);

  // With repeats, the mean and then each seed's value and their sample sd.
  const bool repeated = provider.repeats() > 1;
  std::cout << "arch\t" << provider.metric();
  if (repeated) {
    for (int64_t seed : provider.repeat_seeds()) std::cout << "\t" << provider.metric() << ".seed" << seed;
    std::cout << "\t" << provider.metric() << ".std";
  }
  std::cout << "\n";
  std::vector<std::vector<double>> per_seed;  // with repeats: each architecture's values, in seed order
  for (size_t i = 0; i < archs.size(); ++i) {
    std::cout << plugins.space->format(archs[i]) << "\t" << values[i];
    if (repeated) {
      nlohmann::json entry = {{"arch", plugins.space->format(archs[i])}};
      provider.add_repeats(entry);
      per_seed.push_back(entry.at("ground_truth_repeats").get<std::vector<double>>());
      for (double v : per_seed.back()) std::cout << "\t" << v;
      std::cout << "\t" << entry.at("ground_truth_std").get<double>();
    }
    std::cout << "\n";
  }
  // The ceiling of any ranking against this ground truth (README, "Ground truth and the store").
  if (repeated) {
    const GroundTruthRepeatability r = ground_truth_repeatability(per_seed);
    const auto seeds = provider.repeat_seeds();
    std::cerr << "seeds " << seeds[0] << " and " << seeds[1] << " agree with Kendall tau-b " << r.kendall_first_two
              << " over " << r.archs << " architectures; mean per-architecture sd " << r.mean_std << "\n";
  }
  const size_t runs = archs.size() * static_cast<size_t>(provider.repeats());
  std::cerr << provider.trained() << " trained, " << runs - static_cast<size_t>(provider.trained()) << " from the "
            << provider.provider() << (provider.provider() == "train" ? " store" : "")
            << (repeated ? " (" + std::to_string(provider.repeats()) + " seeds per architecture)" : std::string())
            << "\n";
  return 0;
}

}  // namespace naskernel
