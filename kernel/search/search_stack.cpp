#include "search_stack.h"

#include "batch_norm_recalibration.h"

#include "../distributed/world.h"
#include "../host/manifest.h"

#include <spdlog/spdlog.h>

#include <chrono>

namespace naskernel {

SearchSettings read_search_settings(const Manifest& manifest) {
  SearchSettings s;
  s.run = read_run_options(manifest);
  s.supernet = read_supernet_recipe(manifest.section("supernet"));
  s.evaluation = read_evaluation_options(manifest.section("evaluation"));
  s.landmarks = read_landmark_options(manifest.section("landmarks"));
  return s;
}

SearchStack::SearchStack(const Manifest& manifest, const PluginRegistry& registry,
                         SearchHost::GroundTruthLookup ground_truth)
    : settings_(read_search_settings(manifest)),
      device_(device_for_this_rank(settings_.run.device)),
      plugins_(create_plugins(manifest, registry, true)) {
  const uint64_t seed = settings_.run.seed;
  Task& task = *plugins_.task;
  const auto load_start = std::chrono::steady_clock::now();
  task.load(seed);
  spdlog::info("data loaded in {:.1f} s: search_train {}, search_landmark {}, search_valid {}, train {}, test {}",
               std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count(),
               task.size(Split::search_train), task.size(Split::search_landmark), task.size(Split::search_valid),
               task.size(Split::train), task.size(Split::test));

  if (settings_.supernet.forward_pass.precision == Precision::bf16) {
    spdlog::info("super-net forward passes in bf16 (autocast; parameters, gradients and losses in fp32)");
    if (device_.is_cpu() && !cpu_has_native_bf16())
      spdlog::warn("supernet.precision = \"bf16\" on a CPU without AVX512-BF16 or AMX-BF16: oneDNN emulates "
                   "bfloat16 there, which is slower than fp32");
  }
  torch::manual_seed(Rng::derive(seed, "supernet.init"));
  supernet_ = plugins_.space->make_supernet(task.network());
  supernet_->to(device_);
  supernet_->train();
  check_batch_norm_recalibration(*supernet_, manifest.section("evaluation"));
  evaluator_ = std::make_unique<Evaluator>(
      task, *plugins_.space, device_, settings_.evaluation.batch_size, settings_.evaluation.batches,
      Split::search_valid, settings_.evaluation.score == "loss" ? Evaluator::ScoreBy::loss : Evaluator::ScoreBy::metric,
      settings_.evaluation.bn_recalibration_batches, settings_.supernet.forward_pass);
  if (task.size(Split::search_landmark) > 0)
    landmark_probe_ = std::make_unique<Evaluator>(task, *plugins_.space, device_, settings_.evaluation.batch_size,
                                                  settings_.evaluation.batches, Split::search_landmark,
                                                  Evaluator::ScoreBy::metric, 0, settings_.supernet.forward_pass);
  host_ = std::make_unique<SearchHost>(seed, device_, *plugins_.space, task, supernet_, *evaluator_,
                                       std::move(ground_truth), world(), settings_.supernet.forward_pass);
  plugins_.sampler->attach(*host_);
  for (auto& r : plugins_.regularizers) r.regularizer->attach(*host_);
  trainer_ = std::make_unique<SupernetTrainer>(settings_.supernet, settings_.supernet.epochs, *host_,
                                               *plugins_.sampler, plugins_.regularizers, seed);
}

CheckpointParts SearchStack::checkpoint_parts() {
  return CheckpointParts{*supernet_, trainer_->optimizer(), *plugins_.sampler, trainer_->regularizers()};
}

}  // namespace naskernel
