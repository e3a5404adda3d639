// Hard Gumbel-softmax over padded architecture logits (GDAS).
//
// Logits are one tensor [genes, width]; row g holds gene g's choices in its
// first choice_counts[g] entries, and `padding` (bool, same shape) marks the
// entries past them, which never win and get zero probability.
#pragma once

#include <naskernel/rng.h>

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace naskernel::gdas {

// Standard Gumbel noise -log(-log(u)), u uniform in (0, 1) from `rng`, for
// every real entry (gene by gene, choice by choice); 0 at padding. Drawn with
// the SDK Rng so that the host checkpoints the stream.
torch::Tensor gumbel_noise(Rng& rng, const std::vector<int64_t>& choice_counts, int64_t width);

// The hard sample: per gene, the argmax of logits + noise over its real
// entries (the temperature does not change an argmax). No graph.
std::vector<int> hard_choices(const torch::Tensor& logits, const torch::Tensor& padding, const torch::Tensor& noise);

struct StraightThroughSample {
  std::vector<int> choices;     // hard_choices(logits, padding, noise)
  torch::Tensor probabilities;  // [genes, width] softmax((logits + noise) / tau), 0 at padding
  // [genes]: (one_hot - probabilities.detach() + probabilities) at each
  // gene's chosen entry: exactly 1 in value, d p_chosen / d logits in gradient.
  torch::Tensor weights;
};

// The differentiable sample used by architecture steps; `noise` is on the
// logits' device and dtype. tau must be positive.
StraightThroughSample straight_through_sample(const torch::Tensor& logits, const torch::Tensor& padding,
                                              const torch::Tensor& noise, double tau);

}  // namespace naskernel::gdas
