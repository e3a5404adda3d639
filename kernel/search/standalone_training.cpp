#include "standalone_training.h"

#include "batch_stream.h"
#include "evaluator.h"
#include "training_step.h"

#include "../host/cancellation.h"
#include "../host/progress.h"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cmath>

namespace naskernel {

StandaloneResult train_standalone(const SearchSpace& space, const Task& task, const Arch& arch,
                                  const StandaloneRecipe& recipe, torch::Device device, bool show_progress) {
  const auto start = std::chrono::steady_clock::now();
  const std::string arch_text = space.format(arch);
  const uint64_t seed = Rng::derive(static_cast<uint64_t>(recipe.seed), space.canonical_key(arch));
  torch::manual_seed(seed);

  auto net = space.make_standalone(arch, task.network());
  net->to(device);
  net->train();
  const auto parameters = net->parameters();
  const auto optimizer = make_optimizer(recipe, parameters);
  BatchStream stream(task, Split::train, recipe.batch_size, seed);
  Rng augment(Rng::derive(seed, "augment.train"));
  const int64_t steps_per_epoch = recipe.steps_per_epoch > 0 ? recipe.steps_per_epoch : stream.batches_per_pass();
  const int64_t total_steps = steps_per_epoch * recipe.epochs;

  std::unique_ptr<Progress> progress;
  if (show_progress) progress = std::make_unique<Progress>("stand-alone " + arch_text, total_steps);
  double recent_loss = 0;
  for (int64_t step = 0; step < total_steps; ++step) {
    if (cancellation_requested()) throw UserError("stand-alone training of " + arch_text + " was interrupted");
    if (step % steps_per_epoch == 0)  // DARTS raises drop path linearly over the epochs
      net->set_drop_path(recipe.drop_path * static_cast<double>(step / steps_per_epoch) / recipe.epochs);
    set_learning_rate(*optimizer, scheduled_lr(recipe, step, total_steps));
    const Batch batch = stream.next(&augment).to(device);
    torch::Tensor loss = task.loss(net->forward(batch.input), batch);
    if (recipe.auxiliary_weight > 0) {
      const torch::Tensor auxiliary = net->auxiliary();
      if (auxiliary.defined()) loss = loss + recipe.auxiliary_weight * task.loss(auxiliary, batch);
    }
    recent_loss = loss.item<double>();
    if (!std::isfinite(recent_loss))
      throw UserError("stand-alone training of " + arch_text + " diverged (loss " + std::to_string(recent_loss) +
                      " at step " + std::to_string(step) + "); lower [standalone] lr");
    optimization_step(*optimizer, parameters, loss, recipe.grad_clip);
    if (progress) progress->update(step + 1, "loss " + std::to_string(recent_loss));
  }
  if (progress) progress->finish();

  StandaloneResult result;
  const auto metric = task.metrics().at(0).name;
  result.ground_truth = evaluate_network(*net, task, recipe.eval_split, device, 256);
  result.metrics[std::string(split_name(recipe.eval_split)) + "." + metric] = result.ground_truth;
  if (recipe.eval_split != Split::test)
    result.metrics[std::string("test.") + metric] = evaluate_network(*net, task, Split::test, device, 256);
  result.metrics["final_train_loss"] = recent_loss;
  result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  spdlog::debug("stand-alone {}: {} = {:.3f} in {:.1f} s", arch_text, metric, result.ground_truth, result.wall_seconds);
  return result;
}

}  // namespace naskernel
