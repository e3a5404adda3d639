#include "darts_genotype.h"

#include "darts_ops.h"

#include <naskernel/errors.h>

#include <algorithm>
#include <utility>
#include <vector>

namespace naskernel::darts {

std::string invalid_reason(const Arch& arch) {
  const std::string problem = shape_problem(arch);
  if (!problem.empty()) return problem;
  for (int cell = 0; cell < kNumCellTypes; ++cell)
    for (int node = 0; node < kNumNodes; ++node) {
      const int a = arch.genes[input_gene(cell, node, 0)];
      const int b = arch.genes[input_gene(cell, node, 1)];
      if (a == b)
        return "node " + std::to_string(node_label(node)) + " of the " + kCellTypeNames[cell] +
               " cell takes node " + std::to_string(a) + " twice; its two inputs must be distinct earlier nodes";
    }
  return "";
}

Arch canonical_order(const Arch& arch) {
  check_arch(arch);
  Arch out = arch;
  for (int cell = 0; cell < kNumCellTypes; ++cell)
    for (int node = 0; node < kNumNodes; ++node) {
      const int a = input_gene(cell, node, 0);
      const int b = input_gene(cell, node, 1);
      const std::pair<int, int> first{arch.genes[a], arch.genes[a + 1]};
      const std::pair<int, int> second{arch.genes[b], arch.genes[b + 1]};
      if (second < first) {
        out.genes[a] = second.first, out.genes[a + 1] = second.second;
        out.genes[b] = first.first, out.genes[b + 1] = first.second;
      }
    }
  return out;
}

int distance(const Arch& a, const Arch& b) {
  check_arch(a);
  check_arch(b);
  auto differ = [](const Arch& x, int gx, const Arch& y, int gy) {
    return (x.genes[gx] != y.genes[gy]) + (x.genes[gx + 1] != y.genes[gy + 1]);
  };
  int total = 0;
  for (int cell = 0; cell < kNumCellTypes; ++cell)
    for (int node = 0; node < kNumNodes; ++node) {
      const int p = input_gene(cell, node, 0);
      const int q = input_gene(cell, node, 1);
      const int straight = differ(a, p, b, p) + differ(a, q, b, q);
      const int crossed = differ(a, p, b, q) + differ(a, q, b, p);
      total += std::min(straight, crossed);
    }
  return total;
}

Arch random_genotype(Rng& rng) {
  Arch arch{kSpaceName, std::vector<int>(kNumGenes)};
  for (int cell = 0; cell < kNumCellTypes; ++cell)
    for (int node = 0; node < kNumNodes; ++node) {
      const int n = num_inputs(node);
      const int a = static_cast<int>(rng.uniform_int(0, n - 1));
      int b = static_cast<int>(rng.uniform_int(0, n - 2));  // one of the n - 1 others
      if (b >= a) ++b;
      arch.genes[input_gene(cell, node, 0)] = a;
      arch.genes[input_gene(cell, node, 1)] = b;
      arch.genes[op_gene(cell, node, 0)] = static_cast<int>(rng.uniform_int(0, kNumOps - 1));
      arch.genes[op_gene(cell, node, 1)] = static_cast<int>(rng.uniform_int(0, kNumOps - 1));
    }
  return arch;
}

Arch mutate_genotype(const Arch& arch, Rng& rng) {
  const std::string problem = invalid_reason(arch);
  if (!problem.empty()) throw UserError("cannot mutate an invalid darts architecture: " + problem);
  // Every valid neighbour as (gene, new value); choose one uniformly.
  std::vector<std::pair<int, int>> moves;
  for (int cell = 0; cell < kNumCellTypes; ++cell)
    for (int node = 0; node < kNumNodes; ++node)
      for (int slot = 0; slot < 2; ++slot) {
        const int ig = input_gene(cell, node, slot);
        const int other = arch.genes[input_gene(cell, node, 1 - slot)];
        for (int input = 0; input < num_inputs(node); ++input)
          if (input != arch.genes[ig] && input != other) moves.emplace_back(ig, input);
        const int og = op_gene(cell, node, slot);
        for (int op = 0; op < kNumOps; ++op)
          if (op != arch.genes[og]) moves.emplace_back(og, op);
      }
  const auto& move = moves[static_cast<size_t>(rng.uniform_int(0, static_cast<int64_t>(moves.size()) - 1))];
  Arch child = arch;
  child.genes[move.first] = move.second;
  return child;
}

}  // namespace naskernel::darts
