#include "darts_derive.h"

#include "darts_ops.h"

#include <stdexcept>
#include <string>

namespace naskernel::darts {

Arch derive_genotype(const std::vector<std::vector<double>>& probabilities) {
  if (probabilities.size() != kNumPathGenes)
    throw std::invalid_argument("darts derive: expected " + std::to_string(kNumPathGenes) + " rows (one per edge), got " +
                                std::to_string(probabilities.size()));
  for (size_t g = 0; g < probabilities.size(); ++g)
    if (probabilities[g].size() != kNumPathChoices)
      throw std::invalid_argument("darts derive: row " + std::to_string(g) + " (edge " +
                                  path_gene_name(static_cast<int>(g)) + ") has " +
                                  std::to_string(probabilities[g].size()) + " values, expected " +
                                  std::to_string(kNumPathChoices) + " (none and the 7 ops)");

  Arch arch{kSpaceName, std::vector<int>(kNumGenes, 0)};
  for (int cell = 0; cell < kNumCellTypes; ++cell)
    for (int node = 0; node < kNumNodes; ++node) {
      // Best non-none op per incoming edge, and its probability.
      std::vector<int> best_op(num_inputs(node));
      std::vector<double> strength(num_inputs(node));
      for (int from = 0; from < num_inputs(node); ++from) {
        const auto& row = probabilities[path_gene(cell, node, from)];
        int best = 0;
        for (int op = 1; op < kNumOps; ++op)
          if (row[path_choice(op)] > row[path_choice(best)]) best = op;
        best_op[from] = best;
        strength[from] = row[path_choice(best)];
      }
      int first = 0;
      for (int from = 1; from < num_inputs(node); ++from)
        if (strength[from] > strength[first]) first = from;
      int second = first == 0 ? 1 : 0;
      for (int from = 0; from < num_inputs(node); ++from)
        if (from != first && strength[from] > strength[second]) second = from;
      arch.genes[input_gene(cell, node, 0)] = first;
      arch.genes[op_gene(cell, node, 0)] = best_op[first];
      arch.genes[input_gene(cell, node, 1)] = second;
      arch.genes[op_gene(cell, node, 1)] = best_op[second];
    }
  return arch;
}

}  // namespace naskernel::darts
