// Training one architecture from scratch: the ground truth of landmark
// regularization when no benchmark table is available.
#pragma once

#include "recipes.h"

#include <naskernel/search_space.h>
#include <naskernel/task.h>

#include <map>
#include <string>

namespace naskernel {

struct StandaloneResult {
  double ground_truth = 0;                // primary metric on recipe.eval_split
  std::map<std::string, double> metrics;  // "<split>.<metric>" for eval_split and test
  double wall_seconds = 0;
};

// `task` must be loaded. Weight initialisation is seeded from recipe.seed and
// the architecture, so the same (arch, recipe) gives the same result.
StandaloneResult train_standalone(const SearchSpace& space, const Task& task, const Arch& arch,
                                  const StandaloneRecipe& recipe, torch::Device device, bool show_progress);

}  // namespace naskernel
