#include "nb101_cell.h"

#include <naskernel/errors.h>

namespace naskernel::nb101 {

int Cell::edges() const {
  int total = 0;
  for (int v = 0; v < vertices; ++v) total += out_degree(v);
  return total;
}

int Cell::out_degree(int vertex) const {
  int total = 0;
  for (int to = 0; to < vertices; ++to) total += edge(vertex, to);
  return total;
}

int Cell::in_degree(int vertex) const {
  int total = 0;
  for (int from = 0; from < vertices; ++from) total += edge(from, vertex);
  return total;
}

std::string malformed_reason(const Arch& arch) {
  if (arch.space != kSpaceName) return "it belongs to the space \"" + arch.space + "\", not nb101";
  if (arch.genes.size() != static_cast<size_t>(kNumGenes))
    return "it has " + std::to_string(arch.genes.size()) + " genes; nb101 has 26 (21 edges, 5 ops)";
  for (int g = 0; g < kNumGenes; ++g) {
    const int limit = g < kNumEdgeGenes ? 2 : kNumOps;
    if (arch.genes[g] < 0 || arch.genes[g] >= limit)
      return "gene " + gene_name(g) + " is " + std::to_string(arch.genes[g]) + ", outside 0.." +
             std::to_string(limit - 1);
  }
  return "";
}

Cell cell_of(const Arch& arch) {
  const std::string reason = malformed_reason(arch);
  if (!reason.empty()) throw UserError("not an nb101 architecture: " + reason);
  Cell cell;
  for (int from = 0; from < kNumVertices; ++from)
    for (int to = from + 1; to < kNumVertices; ++to) cell.set_edge(from, to, arch.genes[edge_gene(from, to)] != 0);
  for (int v = 1; v <= kNumInterior; ++v) cell.ops[v] = arch.genes[op_gene(v)];
  return cell;
}

Arch arch_of(const Cell& cell) {
  if (cell.vertices != kNumVertices) throw std::logic_error("nb101 arch_of needs a 7-vertex cell");
  Arch arch{kSpaceName, std::vector<int>(kNumGenes, 0)};
  for (int from = 0; from < kNumVertices; ++from)
    for (int to = from + 1; to < kNumVertices; ++to) arch.genes[edge_gene(from, to)] = cell.edge(from, to);
  for (int v = 1; v <= kNumInterior; ++v) arch.genes[op_gene(v)] = cell.ops[v];
  return arch;
}

Cell pad_to_seven(const Cell& cell) {
  const int n = cell.vertices;
  if (n == kNumVertices) return cell;
  if (n < 2 || n > kNumVertices) throw std::logic_error("nb101 pad_to_seven needs 2..7 vertices");
  Cell padded;
  const auto place = [&](int v) { return v == n - 1 ? kNumVertices - 1 : v; };
  for (int from = 0; from < n; ++from)
    for (int to = from + 1; to < n; ++to)
      if (cell.edge(from, to)) padded.set_edge(place(from), place(to), true);
  for (int v = 1; v <= kNumInterior; ++v) padded.ops[v] = v < n - 1 ? cell.ops[v] : kConv3x3;
  return padded;
}

std::string gene_name(int gene) {
  if (gene >= kNumEdgeGenes) return "op" + std::to_string(gene - kNumEdgeGenes + 1);
  for (int from = 0; from < kNumVertices; ++from)
    for (int to = from + 1; to < kNumVertices; ++to)
      if (edge_gene(from, to) == gene) return std::to_string(from) + "->" + std::to_string(to);
  return "?";
}

}  // namespace naskernel::nb101
