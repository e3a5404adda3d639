#include "run.h"

#include "batch_norm_recalibration.h"
#include "ground_truth_options.h"
#include "landmark_selection.h"
#include "plugin_set.h"
#include "recipes.h"
#include "search_pipeline.h"
#include "study_runner.h"

#include "../distributed/launch_environment.h"
#include "../distributed/process_group_collectives.h"
#include "../distributed/world.h"
#include "../host/manifest.h"
#include "../host/plugin_registry.h"
#include "../host/run_options.h"

#include <naskernel/errors.h>

#include <spdlog/spdlog.h>

#include <iostream>

namespace naskernel {

namespace {

void print_summary(const nlohmann::json& results) {
  const auto& final = results.at("final");
  std::cout << "\nsearch finished: " << results.at("search_space").get<std::string>() << " with "
            << results.at("sampler").get<std::string>() << "\n";
  for (const char* key : {"kdt", "skdt", "spearman"})
    if (final.contains(key)) std::cout << "  " << key << " = " << final.at(key).get<double>() << "\n";
  const auto& best = results.at("best");
  if (!best.is_null())
    std::cout << "  best found: " << best.at("arch").get<std::string>() << " ("
              << results.at("metric").at("name").get<std::string>() << " " << best.at("ground_truth").get<double>()
              << (best.contains("rank") ? ", rank " + std::to_string(best.at("rank").get<int64_t>()) : std::string())
              << ")\n";
}

void validate_search(const Manifest& manifest, const PluginRegistry& registry) {
  manifest.check_top_level(known_manifest_sections());
  const RunOptions run = read_run_options(manifest);
  const bool search = manifest.root().get("sampler") != nullptr;
  const PluginSet plugins = create_plugins(manifest, registry, search);
  const SupernetRecipe supernet = read_supernet_recipe(manifest.section("supernet"));
  // Under torchrun or srun, what the ranks would refuse when they join.
  const LaunchEnvironment launch = read_launch_environment();
  if (launch.distributed()) {
    choose_backend(run.backend, run.device);
    if (search && supernet.batch_size % launch.world_size != 0)
      throw ConfigError(manifest.section("supernet").location("batch_size") + "key `supernet.batch_size` = " +
                        std::to_string(supernet.batch_size) + " is the global batch and must divide evenly over the " +
                        std::to_string(launch.world_size) + " ranks");
  }
  read_standalone_recipe(manifest.section("standalone"));
  const EvaluationOptions evaluation = read_evaluation_options(manifest.section("evaluation"));
  if (search && evaluation.bn_recalibration_batches > 0)  // builds the super-net: only where it is needed
    check_batch_norm_recalibration(*plugins.space->make_supernet(plugins.task->network()), manifest.section("evaluation"));
  const LandmarkOptions landmarks = read_landmark_options(manifest.section("landmarks"));
  // The reader the provider uses, and the files it opens (the table, an
  // existing store), without loading the task's data.
  const GroundTruthOptions ground_truth = read_ground_truth_options(manifest, plugins.task->metrics());
  check_ground_truth_sources(ground_truth);
  if (search) check_landmark_options(*plugins.space, landmarks);
  // A search reads the data, and so does stand-alone training.
  if (search || ground_truth.provider == GroundTruthOptions::Provider::train) plugins.task->check_data();
}

}  // namespace

int run_manifest(const RunSetup& setup) {
  setup.manifest.check_top_level(known_manifest_sections());
  if (setup.manifest.root().get("study")) return run_study(setup.manifest, setup.registry, setup.run_dir);
  const auto outcome = run_search(setup.manifest, setup.registry, setup.run_dir, setup.resume);
  if (outcome.interrupted) return 130;
  if (is_rank_zero()) print_summary(outcome.results);
  return 0;
}

void validate_manifest(const Manifest& manifest, const PluginRegistry& registry) {
  if (manifest.root().get("study")) {
    // Each variant is a complete manifest of its own.
    for (const auto& variant : study_variant_manifests(manifest)) validate_search(variant, registry);
    return;
  }
  validate_search(manifest, registry);
}


}  // namespace naskernel
