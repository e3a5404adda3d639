// Parameters and multiply-adds of a stand-alone depth_fusion network,
// counted analytically from the modules it builds (only the parts that
// reach the output; see df_liveness.h).
#pragma once

#include "df_encoding.h"
#include "df_plan.h"

#include <naskernel/arch.h>

#include <cstdint>

namespace naskernel::depth_fusion {

struct CostCount {
  int64_t params = 0;         // trainable parameters
  int64_t multiply_adds = 0;  // of convolutions (transposed included), per sample
};

// `bn_affine`: whether the decoder's BatchNorm layers carry weight and bias.
// A TorchScript encoder (plan.builtin_encoder false) adds
// `script_encoder_params` and no multiply-adds: its layers are opaque.
CostCount count_cost(const Encoding& encoding, const Arch& arch, const NetworkPlan& plan, bool bn_affine,
                     int64_t script_encoder_params = 0);

}  // namespace naskernel::depth_fusion
