// Parameters and multiply-adds of a stand-alone nb101 network, counted
// analytically so that `inspect` and ranking by cost never build a network.
// Parameters are what the benchmark calls trainable_parameters: conv
// kernels, BN scales and offsets, and the linear layer's weight and bias.
#pragma once

#include <cstdint>

#include "nb101_layout.h"
#include "nb101_pruning.h"

namespace naskernel::nb101 {

struct CostCount {
  int64_t params = 0;
  int64_t multiply_adds = 0;  // conv and linear layers, per sample
};

CostCount count_cost(const PrunedCell& pruned, const Layout& layout);

}  // namespace naskernel::nb101
