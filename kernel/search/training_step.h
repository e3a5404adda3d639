// The one optimizer setup and step routine that super-net and stand-alone
// training share (DESIGN.md, "Recipes").
#pragma once

#include "recipes.h"

#include <torch/torch.h>

#include <functional>
#include <memory>
#include <vector>

namespace naskernel {

// SGD (momentum, nesterov), Adam or AdamW over `parameters`, as the recipe says.
std::unique_ptr<torch::optim::Optimizer> make_optimizer(const TrainingRecipe& recipe,
                                                        const std::vector<torch::Tensor>& parameters);

// The recipe's learning rate at `step` of `total_steps`.
double scheduled_lr(const TrainingRecipe& recipe, int64_t step, int64_t total_steps);
void set_learning_rate(torch::optim::Optimizer& optimizer, double lr);

// Resets every gradient to undefined (so parameters the step does not reach
// are skipped by the optimizer entirely: no weight decay, no momentum),
// backpropagates `loss`, calls `after_backward` (gradient averaging over
// ranks), clips to the recipe's norm and steps.
void optimization_step(torch::optim::Optimizer& optimizer, const std::vector<torch::Tensor>& parameters,
                       const torch::Tensor& loss, double grad_clip,
                       const std::function<void()>& after_backward = {});

// Resets every gradient to undefined.
void clear_gradients(const std::vector<torch::Tensor>& parameters);

}  // namespace naskernel
