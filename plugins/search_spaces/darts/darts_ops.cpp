#include "darts_ops.h"

#include <naskernel/errors.h>

namespace naskernel::darts {

static_assert(edge_offset(kNumNodes) == kEdgesPerCell, "14 edges per cell");
static_assert(path_gene(kReduce, 3, 4) == kNumPathGenes - 1, "reduce edges follow normal edges");
static_assert(op_gene(kReduce, 3, 1) == kNumGenes - 1, "32 genes");

std::string gene_name(int gene) {
  const int cell = gene / kGenesPerCell;
  const int node = gene % kGenesPerCell / kGenesPerNode;
  const int within = gene % kGenesPerNode;
  static const char* kinds[] = {"input_a", "op_a", "input_b", "op_b"};
  return std::string(kCellTypeNames[cell]) + "." + std::to_string(node_label(node)) + "." + kinds[within];
}

std::string path_gene_name(int path_gene) {
  const int cell = path_gene / kEdgesPerCell;
  const int edge = path_gene % kEdgesPerCell;
  int node = 0;
  while (edge_offset(node + 1) <= edge) ++node;
  return std::string(kCellTypeNames[cell]) + "." + std::to_string(node_label(node)) + "<-" +
         std::to_string(edge - edge_offset(node));
}

int op_index(const std::string& name) {
  for (int op = 0; op < kNumOps; ++op)
    if (name == kOpNames[op]) return op;
  return -1;
}

std::string shape_problem(const Arch& arch) {
  if (arch.space != kSpaceName) return "architecture of search space '" + arch.space + "' given to the darts search space";
  if (arch.genes.size() != kNumGenes)
    return "a darts architecture has " + std::to_string(kNumGenes) + " genes, got " + std::to_string(arch.genes.size());
  for (int cell = 0; cell < kNumCellTypes; ++cell)
    for (int node = 0; node < kNumNodes; ++node)
      for (int slot = 0; slot < 2; ++slot) {
        const int input = arch.genes[input_gene(cell, node, slot)];
        const int op = arch.genes[op_gene(cell, node, slot)];
        if (input < 0 || input >= num_inputs(node))
          return "darts gene " + gene_name(input_gene(cell, node, slot)) + " is " + std::to_string(input) +
                 ", but node " + std::to_string(node_label(node)) + " can only read nodes 0.." +
                 std::to_string(num_inputs(node) - 1);
        if (op < 0 || op >= kNumOps)
          return "darts gene " + gene_name(op_gene(cell, node, slot)) + " is " + std::to_string(op) +
                 ", outside the operation range 0.." + std::to_string(kNumOps - 1);
      }
  return "";
}

void check_arch(const Arch& arch) {
  const std::string problem = shape_problem(arch);
  if (!problem.empty()) throw UserError(problem);
}

}  // namespace naskernel::darts
