// Parameters and multiply-adds of a stand-alone nb201 network, counted
// analytically so that ranking by cost never builds a network.
#pragma once

#include "nb201_layout.h"

#include <naskernel/arch.h>

#include <cstdint>

namespace naskernel::nb201 {

struct CostCount {
  int64_t params = 0;         // trainable parameters
  int64_t multiply_adds = 0;  // conv and linear layers, per sample
};

// Like NB201, every edge counts, even one that cannot reach the output.
// `bn_affine` says whether BatchNorm layers carry a weight and a bias.
CostCount count_cost(const Arch& arch, const Layout& layout, bool bn_affine);

}  // namespace naskernel::nb201
