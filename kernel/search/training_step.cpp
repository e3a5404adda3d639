#include "training_step.h"

#include "lr_schedule.h"

#include <stdexcept>

namespace naskernel {

std::unique_ptr<torch::optim::Optimizer> make_optimizer(const TrainingRecipe& recipe,
                                                        const std::vector<torch::Tensor>& parameters) {
  if (recipe.optimizer == "sgd")
    return std::make_unique<torch::optim::SGD>(parameters, torch::optim::SGDOptions(recipe.lr)
                                                               .momentum(recipe.momentum)
                                                               .nesterov(recipe.nesterov)
                                                               .weight_decay(recipe.weight_decay));
  if (recipe.optimizer == "adam")
    return std::make_unique<torch::optim::Adam>(
        parameters, torch::optim::AdamOptions(recipe.lr)
                        .betas(std::make_tuple(recipe.beta1, recipe.beta2))
                        .weight_decay(recipe.weight_decay));
  if (recipe.optimizer == "adamw")
    return std::make_unique<torch::optim::AdamW>(
        parameters, torch::optim::AdamWOptions(recipe.lr)
                        .betas(std::make_tuple(recipe.beta1, recipe.beta2))
                        .weight_decay(recipe.weight_decay));
  throw std::invalid_argument("unknown optimizer `" + recipe.optimizer + "`");  // the reader refused it already
}

double scheduled_lr(const TrainingRecipe& recipe, int64_t step, int64_t total_steps) {
  if (recipe.schedule == "constant") return recipe.lr;
  return cosine_lr(recipe.lr, recipe.lr_min, step, total_steps);
}

void set_learning_rate(torch::optim::Optimizer& optimizer, double lr) {
  for (auto& group : optimizer.param_groups()) group.options().set_lr(lr);
}

void clear_gradients(const std::vector<torch::Tensor>& parameters) {
  for (const auto& p : parameters) p.mutable_grad() = torch::Tensor();
}

void optimization_step(torch::optim::Optimizer& optimizer, const std::vector<torch::Tensor>& parameters,
                       const torch::Tensor& loss, double grad_clip, const std::function<void()>& after_backward) {
  clear_gradients(parameters);
  loss.backward();
  if (after_backward) after_backward();
  if (grad_clip > 0) torch::nn::utils::clip_grad_norm_(parameters, grad_clip);
  optimizer.step();
}

}  // namespace naskernel
