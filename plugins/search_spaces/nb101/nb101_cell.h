// The NAS-Bench-101 cell and its encoding. A cell is a DAG of 7 vertices
// (input, 5 interior vertices, output) written as an upper-triangular
// adjacency matrix; each interior vertex holds one of three ops. Torch-free,
// so the encoding, strings and hash compile fast.
#pragma once

#include <naskernel/arch.h>

#include <array>
#include <cstdint>
#include <string>

namespace naskernel::nb101 {

inline constexpr const char* kSpaceName = "nb101";

inline constexpr int kNumVertices = 7;  // input, 5 interior vertices, output
inline constexpr int kNumInterior = 5;
inline constexpr int kNumEdgeGenes = 21;  // the strict upper triangle of 7x7
inline constexpr int kNumGenes = kNumEdgeGenes + kNumInterior;
inline constexpr int kMaxEdges = 9;
inline constexpr int kNumOps = 3;

// Op indices in the official `available_ops` order, which is also the label
// order the module hash uses.
enum Op : int { kConv3x3 = 0, kConv1x1 = 1, kMaxPool3x3 = 2 };

inline constexpr std::array<const char*, kNumOps> kOpNames = {"conv3x3-bn-relu", "conv1x1-bn-relu", "maxpool3x3"};

// Gene of edge from -> to (0 <= from < to < 7): row-major over i < j.
constexpr int edge_gene(int from, int to) { return from * (2 * kNumVertices - from - 1) / 2 + (to - from - 1); }
// Gene of the op of interior vertex 1..5.
constexpr int op_gene(int vertex) { return kNumEdgeGenes + vertex - 1; }

// A cell of 2..7 vertices; vertex 0 is the input and vertex `vertices - 1`
// the output. Bit j of rows[i] is the edge i -> j.
struct Cell {
  int vertices = kNumVertices;
  std::array<uint8_t, kNumVertices> rows{};
  std::array<int, kNumVertices> ops{};  // interior vertices only; others unused

  bool edge(int from, int to) const { return (rows[from] >> to) & 1u; }
  void set_edge(int from, int to, bool present) {
    rows[from] = static_cast<uint8_t>(present ? rows[from] | (1u << to) : rows[from] & ~(1u << to));
  }
  int edges() const;
  int out_degree(int vertex) const;
  int in_degree(int vertex) const;
};

// "" when `arch` has 26 genes in range, else why not.
std::string malformed_reason(const Arch& arch);
// The 7-vertex cell of `arch`; throws UserError when it is malformed.
Cell cell_of(const Arch& arch);
// The architecture of a 7-vertex cell.
Arch arch_of(const Cell& cell);

// A cell of fewer vertices as the official ModelSpec would run it, padded to
// 7: interior vertices keep their indices, the output moves to vertex 6, and
// the added vertices have no edges (so pruning removes them) and hold
// conv3x3-bn-relu.
Cell pad_to_seven(const Cell& cell);

// "0->1", the name genes() gives an edge gene; "op1" for an op gene.
std::string gene_name(int gene);

}  // namespace naskernel::nb101
