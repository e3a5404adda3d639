// The one assembly of a search (DESIGN.md, "One assembly"): the kernel
// sections a search reads, the plugins it creates, and what is built from
// them, in the order a run needs them. The pipeline and the benchmarks use
// it, so a benchmark measures exactly the search's step.
#pragma once

#include "checkpoint.h"
#include "evaluator.h"
#include "plugin_set.h"
#include "recipes.h"
#include "search_host.h"
#include "supernet_trainer.h"

#include "../host/run_options.h"

#include <memory>

namespace naskernel {

class Manifest;
class PluginRegistry;

// [run], [supernet], [evaluation] and [landmarks], each read by its one reader.
struct SearchSettings {
  RunOptions run;
  SupernetRecipe supernet;
  EvaluationOptions evaluation;
  LandmarkOptions landmarks;
};
SearchSettings read_search_settings(const Manifest& manifest);

class SearchStack {
 public:
  // Creates the plugins, loads the task's data (splits drawn from run.seed),
  // builds the super-net on the run's device (initial weights from
  // run.seed), the evaluators on fixed search_valid and search_landmark
  // batches, the host and the
  // trainer, and attaches the sampler and regularizers to the host.
  // `ground_truth` answers Host::known_ground_truth; it is first called
  // during training, so it may refer to something built after the stack.
  SearchStack(const Manifest& manifest, const PluginRegistry& registry, SearchHost::GroundTruthLookup ground_truth);
  SearchStack(const SearchStack&) = delete;
  SearchStack& operator=(const SearchStack&) = delete;

  const SearchSettings& settings() const { return settings_; }
  torch::Device device() const { return device_; }
  const SearchSpace& space() const { return *plugins_.space; }
  Task& task() { return *plugins_.task; }
  Sampler& sampler() { return *plugins_.sampler; }
  const std::vector<NamedRegularizer>& regularizers() const { return plugins_.regularizers; }
  SuperNet& supernet() { return *supernet_; }
  const Evaluator& evaluator() const { return *evaluator_; }
  // Fixed search_landmark batches, for the landmarks' agreement by loss
  // (what the landmark regularizer compares); null when the split is empty.
  const Evaluator* landmark_probe() const { return landmark_probe_.get(); }
  SearchHost& host() { return *host_; }
  SupernetTrainer& trainer() { return *trainer_; }
  // What a checkpoint holds besides the kernel's own state.
  CheckpointParts checkpoint_parts();

 private:
  SearchSettings settings_;
  torch::Device device_;
  PluginSet plugins_;
  std::shared_ptr<SuperNet> supernet_;
  std::unique_ptr<Evaluator> evaluator_;
  std::unique_ptr<Evaluator> landmark_probe_;
  std::unique_ptr<SearchHost> host_;
  std::unique_ptr<SupernetTrainer> trainer_;
};

}  // namespace naskernel
