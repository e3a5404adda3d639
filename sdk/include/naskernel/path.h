// A path: what one super-net step runs. One choice per gene of the space's
// path_genes() and, optionally, one differentiable weight per gene.
//
// For most spaces a path and an architecture coincide (path_genes() ==
// genes()). They part ways where the super-net holds more decisions than an
// architecture keeps: the DARTS super-net has 14 edges per cell, a DARTS
// genotype keeps 2 inputs per node. SearchSpace::path(arch) maps an
// architecture onto its path; SearchSpace::derive() maps learned path
// probabilities back to an architecture.
#pragma once

#include <torch/torch.h>

#include <vector>

namespace naskernel {

struct Path {
  // choices[g] indexes SearchSpace::path_genes()[g].choices.
  std::vector<int> choices;
  // Undefined for plain one-shot samplers (SPOS, NAO). GDAS sets a float
  // tensor of shape [num path genes]: the output of the op chosen for gene g
  // is multiplied by weights[g] (1 in value, straight-through in gradient), so
  // the architecture logits receive gradients through a single-op forward.
  torch::Tensor weights;

  Path() = default;
  explicit Path(std::vector<int> c, torch::Tensor w = {}) : choices(std::move(c)), weights(std::move(w)) {}
};

}  // namespace naskernel
