#include "standalone_training.h"

#include "batch_stream.h"
#include "evaluator.h"
#include "lr_schedule.h"

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

  auto net = space.make_standalone(arch, task.shape());
  net->to(device);
  net->train();
  auto parameters = net->parameters();
  torch::optim::SGD optimizer(parameters, torch::optim::SGDOptions(recipe.lr)
                                              .momentum(recipe.momentum)
                                              .nesterov(recipe.nesterov)
                                              .weight_decay(recipe.weight_decay));
  BatchStream stream(task, Split::train, recipe.batch_size, seed);
  Rng augment(Rng::derive(seed, "augment.train"));
  const int64_t steps_per_epoch = recipe.steps_per_epoch > 0 ? recipe.steps_per_epoch : stream.batches_per_pass();
  const int64_t total_steps = steps_per_epoch * recipe.epochs;
  const LossOptions loss_options{recipe.label_smoothing};

  std::unique_ptr<Progress> progress;
  if (show_progress) progress = std::make_unique<Progress>("stand-alone " + arch_text, total_steps);
  double recent_loss = 0;
  for (int64_t step = 0; step < total_steps; ++step) {
    if (cancellation_requested()) throw UserError("stand-alone training of " + arch_text + " was interrupted");
    for (auto& group : optimizer.param_groups())
      static_cast<torch::optim::SGDOptions&>(group.options()).lr(cosine_lr(recipe.lr, recipe.lr_min, step, total_steps));
    const Batch batch = stream.next(&augment);
    auto loss = task.loss(net->forward(batch.input.to(device)), Batch{batch.input, batch.target.to(device)}, loss_options);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    recent_loss = loss.item<double>();
    if (!std::isfinite(recent_loss))
      throw UserError("stand-alone training of " + arch_text + " diverged (loss " + std::to_string(recent_loss) +
                      " at step " + std::to_string(step) + "); lower [standalone] lr");
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
