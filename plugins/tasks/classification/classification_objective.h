// The classification loss and top-k accuracy.
#pragma once

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace naskernel::classification {

// Mean cross entropy of logits [B, K] against int64 targets [B], with label
// smoothing s: the target distribution is (1 - s) on the true class plus s/K
// on every class (PyTorch's definition), written with log_softmax because
// LibTorch 1.13's C++ cross_entropy options differ from 2.x.
torch::Tensor smoothed_cross_entropy(const torch::Tensor& logits, const torch::Tensor& targets, double smoothing);

// For each k, 100 times the number of samples whose target is among the k
// highest logits (k is capped at the number of classes).
std::vector<double> topk_correct_percent_sums(const torch::Tensor& logits, const torch::Tensor& targets,
                                              const std::vector<int64_t>& ks);

}  // namespace naskernel::classification
