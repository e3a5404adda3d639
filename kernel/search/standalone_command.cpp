#include "standalone_command.h"

#include "ground_truth_provider.h"
#include "plugin_set.h"

#include "../host/manifest.h"
#include "../host/plugin_registry.h"
#include "../host/run_options.h"

#include <fstream>
#include <iostream>

namespace naskernel {

int standalone_command(const Manifest& manifest, const PluginRegistry& registry, const std::vector<std::string>& texts) {
  const RunOptions options = read_run_options(manifest);
  PluginSet plugins = create_plugins(manifest, registry, false);
  std::vector<Arch> archs;
  for (const auto& text : texts) archs.push_back(plugins.space->parse(text));
  plugins.task->load(static_cast<uint64_t>(options.seed));

  // Workers re-read the manifest from a file.
  const auto work_dir = std::filesystem::temp_directory_path() / ("naskernel-train-" + std::to_string(::getpid()));
  std::filesystem::create_directories(work_dir);
  const auto manifest_file = work_dir / "manifest.resolved.toml";
  std::ofstream(manifest_file) << manifest.to_toml();

  GroundTruthProvider provider(manifest, *plugins.space, *plugins.task, torch::Device(options.device), work_dir, manifest_file);
  const auto values = provider.obtain(archs);
  std::filesystem::remove_all(work_dir);

  const std::string metric = plugins.task->metrics().at(0).name;
  std::cout << "arch\t" << metric << "\n";
  for (size_t i = 0; i < archs.size(); ++i) std::cout << plugins.space->format(archs[i]) << "\t" << values[i] << "\n";
  std::cerr << provider.trained() << " trained, " << archs.size() - provider.trained() << " from the "
            << provider.provider() << (provider.provider() == "train" ? " store" : "") << "\n";
  return 0;
}

}  // namespace naskernel
