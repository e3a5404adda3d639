// The layout of a depth batch's target and its checks.
//
// Batch.target is float [B, 2, H, W]: channel 0 the disparity (inverse
// depth, 0 where invalid), channel 1 the validity mask (1 valid, 0 invalid).
// The network's output is [B, 1, H, W], read as disparity up to scale and shift.
#pragma once

#include <torch/torch.h>

namespace naskernel::depth {

struct DenseTarget {
  torch::Tensor prediction;  // [B, H, W]
  torch::Tensor disparity;   // [B, H, W]
  torch::Tensor mask;        // [B, H, W]
};

// Throws std::invalid_argument naming both shapes when they do not fit.
DenseTarget split_output_and_target(const torch::Tensor& output, const torch::Tensor& target);

}  // namespace naskernel::depth
