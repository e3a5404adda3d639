#include "nb201_ops.h"

#include <naskernel/errors.h>

namespace naskernel::nb201 {

static_assert(edge_index(1, 0) == 0 && edge_index(2, 1) == 2 && edge_index(3, 2) == 5,
              "gene order must follow NB201's string order");

std::string edge_name(int edge) {
  return std::to_string(kEdges[edge].to) + "<-" + std::to_string(kEdges[edge].from);
}

void check_arch(const Arch& arch) {
  if (arch.space != kSpaceName)
    throw UserError("architecture of search space '" + arch.space + "' given to the nb201 search space");
  if (arch.genes.size() != kNumEdges)
    throw UserError("an nb201 architecture has " + std::to_string(kNumEdges) + " genes, got " +
                    std::to_string(arch.genes.size()));
  for (int e = 0; e < kNumEdges; ++e)
    if (arch.genes[e] < 0 || arch.genes[e] >= kNumOps)
      throw UserError("nb201 gene " + std::to_string(e) + " (edge " + edge_name(e) + ") is " +
                      std::to_string(arch.genes[e]) + ", outside the operation range 0.." +
                      std::to_string(kNumOps - 1));
}

}  // namespace naskernel::nb201
