// The DARTS cell encoding (Liu et al., ICLR 2019): constants, operation
// names, and where each gene and each super-net edge sits. Torch-free, so
// the encoding, the string form and derive() compile fast.
//
// Architecture genes (32): for cell type c (normal, then reduce) and
// intermediate node k (0..3, DARTS's nodes 2..5), four genes at
// 16*c + 4*k:  input_a, op_a, input_b, op_b.
// An input gene of node k chooses one of the k + 2 earlier nodes (0 and 1 are
// the cell inputs c_{k-2}, c_{k-1}); an op gene chooses one of the 7 ops.
// The two inputs of a node must differ.
//
// Path genes (28): the super-net's edges, 14 per cell type in DARTS's order
// (node 2 from 0, 1; node 3 from 0, 1, 2; ...), normal cell first. Their
// choices are DARTS's PRIMITIVES: `none`, then the 7 ops (path choice =
// op + 1).
#pragma once

#include <naskernel/arch.h>

#include <array>
#include <string>

namespace naskernel::darts {

inline constexpr const char* kSpaceName = "darts";

// Operation indices of architecture genes: DARTS's PRIMITIVES without `none`
// (also NAS-Bench-301's OPS list, so its compact op indices read as they are).
enum Op : int {
  kMaxPool3x3 = 0,
  kAvgPool3x3 = 1,
  kSkipConnect = 2,
  kSepConv3x3 = 3,
  kSepConv5x5 = 4,
  kDilConv3x3 = 5,
  kDilConv5x5 = 6,
};
inline constexpr int kNumOps = 7;
inline constexpr std::array<const char*, kNumOps> kOpNames = {
    "max_pool_3x3", "avg_pool_3x3", "skip_connect", "sep_conv_3x3", "sep_conv_5x5", "dil_conv_3x3", "dil_conv_5x5"};

// Path choices: `none` first, then op + 1.
inline constexpr int kPathNone = 0;
inline constexpr int kNumPathChoices = kNumOps + 1;
inline constexpr const char* kNoneName = "none";
constexpr int path_choice(int op) { return op + 1; }

enum CellType : int { kNormal = 0, kReduce = 1 };
inline constexpr int kNumCellTypes = 2;
inline constexpr std::array<const char*, kNumCellTypes> kCellTypeNames = {"normal", "reduce"};

inline constexpr int kNumNodes = 4;       // intermediate nodes per cell (DARTS nodes 2..5)
inline constexpr int kNumCellInputs = 2;  // nodes 0 and 1
inline constexpr int kGenesPerNode = 4;
inline constexpr int kGenesPerCell = kNumNodes * kGenesPerNode;
inline constexpr int kNumGenes = kNumCellTypes * kGenesPerCell;
inline constexpr int kEdgesPerCell = 14;
inline constexpr int kNumPathGenes = kNumCellTypes * kEdgesPerCell;

// Node k (0-based intermediate index) may read nodes 0 .. k + 1.
constexpr int num_inputs(int node) { return node + kNumCellInputs; }
// DARTS's own node number (2..5) of intermediate node k.
constexpr int node_label(int node) { return node + kNumCellInputs; }

constexpr int input_gene(int cell, int node, int slot) {
  return cell * kGenesPerCell + node * kGenesPerNode + 2 * slot;
}
constexpr int op_gene(int cell, int node, int slot) { return input_gene(cell, node, slot) + 1; }

// First super-net edge of node k within its cell: 0, 2, 5, 9.
constexpr int edge_offset(int node) { return node * (node + 3) / 2; }
constexpr int path_gene(int cell, int node, int from) { return cell * kEdgesPerCell + edge_offset(node) + from; }

// Names of the genes and path genes, e.g. "normal.3.input_b", "reduce.5<-2".
std::string gene_name(int gene);
std::string path_gene_name(int path_gene);

// Index of the op called `name`, or -1.
int op_index(const std::string& name);

// "" when `arch` is a darts architecture whose genes are in range (inputs may
// still repeat), else a sentence saying what is wrong.
std::string shape_problem(const Arch& arch);
// Throws UserError unless shape_problem(arch) is "".
void check_arch(const Arch& arch);

}  // namespace naskernel::darts
