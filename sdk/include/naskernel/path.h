// A path through the super-net: an architecture plus, optionally, one
// differentiable weight per gene.
#pragma once

#include <naskernel/arch.h>

#include <torch/torch.h>

namespace naskernel {

struct Path {
  Arch arch;
  // Undefined for plain one-shot samplers (SPOS, NAO). GDAS sets a float
  // tensor of shape [num_genes]: the output of the op chosen for gene g is
  // multiplied by weights[g] (1 in value, straight-through in gradient), so
  // the architecture logits receive gradients through a single-op forward.
  torch::Tensor weights;

  Path() = default;
  explicit Path(Arch a, torch::Tensor w = {}) : arch(std::move(a)), weights(std::move(w)) {}
};

}  // namespace naskernel
