// Parameters and multiply-adds of a darts evaluation network, counted from
// its layout without building it (and checked against the built network in
// the tests). As DARTS's count_parameters_in_MB, the auxiliary head is left
// out: it only trains. Torch-free.
#pragma once

#include "darts_layout.h"

#include <naskernel/arch.h>

#include <cstdint>

namespace naskernel::darts {

struct CostCount {
  int64_t params = 0;         // trainable parameters (BN affine included)
  int64_t multiply_adds = 0;  // of conv and linear layers, per sample
};

CostCount count_cost(const Arch& arch, const Layout& layout);

}  // namespace naskernel::darts
