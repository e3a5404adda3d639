#include "nb101_mutation.h"

#include "nb101_cell.h"
#include "nb101_pruning.h"

namespace naskernel::nb101 {

Arch mutate_arch(const Arch& arch, Rng& rng, double rate, int max_attempts) {
  const Cell parent = cell_of(arch);
  const double edge_probability = rate / kNumVertices;
  const double op_probability = rate / kNumInterior;
  for (int attempt = 0; attempt < max_attempts; ++attempt) {
    Cell child = parent;
    for (int from = 0; from < kNumVertices - 1; ++from)
      for (int to = from + 1; to < kNumVertices; ++to)
        if (rng.uniform() < edge_probability) child.set_edge(from, to, !child.edge(from, to));
    for (int v = 1; v <= kNumInterior; ++v)
      if (rng.uniform() < op_probability)
        child.ops[v] = (child.ops[v] + static_cast<int>(rng.uniform_int(1, kNumOps - 1))) % kNumOps;
    if (child.rows == parent.rows && child.ops == parent.ops) continue;
    if (invalid_reason(child).empty()) return arch_of(child);
  }
  return arch;
}

}  // namespace naskernel::nb101
