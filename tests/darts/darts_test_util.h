// Shared fixtures of the darts tests: DARTS's published genotypes, exactly as
// Python prints them (genotypes.py, quark0/darts), and small helpers.
#pragma once

#include "darts_ops.h"

#include <naskernel/arch.h>

#include <string>

namespace darts_test {

inline const std::string kDartsV1 =
    "Genotype(normal=[('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 0), ('sep_conv_3x3', 1), "
    "('skip_connect', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('skip_connect', 2)], normal_concat=[2, 3, 4, 5], "
    "reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 0), ('max_pool_3x3', 0), "
    "('skip_connect', 2), ('skip_connect', 2), ('avg_pool_3x3', 0)], reduce_concat=[2, 3, 4, 5])";

inline const std::string kDartsV2 =
    "Genotype(normal=[('sep_conv_3x3', 0), ('sep_conv_3x3', 1), ('sep_conv_3x3', 0), ('sep_conv_3x3', 1), "
    "('sep_conv_3x3', 1), ('skip_connect', 0), ('skip_connect', 0), ('dil_conv_3x3', 2)], normal_concat=[2, 3, 4, 5], "
    "reduce=[('max_pool_3x3', 0), ('max_pool_3x3', 1), ('skip_connect', 2), ('max_pool_3x3', 1), ('max_pool_3x3', 0), "
    "('skip_connect', 2), ('skip_connect', 2), ('max_pool_3x3', 1)], reduce_concat=[2, 3, 4, 5])";

// NAS-Bench-301's compact form of `arch`: ((normal pairs), (reduce pairs)),
// each pair (input, op index); `open`/`close` choose tuples or lists.
inline std::string compact_string(const naskernel::Arch& arch, char open = '(', char close = ')') {
  using namespace naskernel::darts;
  std::string text(1, open);
  for (int cell = 0; cell < kNumCellTypes; ++cell) {
    text += (cell ? ", " : "") + std::string(1, open);
    for (int node = 0; node < kNumNodes; ++node)
      for (int slot = 0; slot < 2; ++slot) {
        text += (node || slot ? ", " : "") + std::string(1, open);
        text += std::to_string(arch.genes[input_gene(cell, node, slot)]) + ", " +
                std::to_string(arch.genes[op_gene(cell, node, slot)]) + std::string(1, close);
      }
    text += close;
  }
  return text + close;
}

}  // namespace darts_test
