#include "nb101_pruning.h"

namespace naskernel::nb101 {

std::optional<PrunedCell> prune(const Cell& cell) {
  const int n = cell.vertices;
  // Edges only go from lower to higher indices, so one forward sweep finds
  // every vertex the input reaches and one backward sweep every vertex that
  // reaches the output.
  std::array<bool, kNumVertices> from_input{}, to_output{};
  from_input[0] = true;
  for (int v = 1; v < n; ++v)
    for (int u = 0; u < v && !from_input[v]; ++u) from_input[v] = from_input[u] && cell.edge(u, v);
  to_output[n - 1] = true;
  for (int v = n - 2; v >= 0; --v)
    for (int w = v + 1; w < n && !to_output[v]; ++w) to_output[v] = to_output[w] && cell.edge(v, w);
  if (!from_input[n - 1]) return std::nullopt;

  PrunedCell pruned;
  std::array<int, kNumVertices> index{};
  int kept = 0;
  for (int v = 0; v < n; ++v) {
    index[v] = -1;
    if (from_input[v] && to_output[v]) {
      index[v] = kept;
      pruned.original[kept] = v;
      pruned.cell.ops[kept] = cell.ops[v];
      ++kept;
    }
  }
  pruned.cell.vertices = kept;
  for (int u = 0; u < n; ++u)
    for (int v = u + 1; v < n; ++v)
      if (index[u] >= 0 && index[v] >= 0 && cell.edge(u, v)) pruned.cell.set_edge(index[u], index[v], true);
  return pruned;
}

std::string invalid_reason(const Cell& cell) {
  const std::optional<PrunedCell> pruned = prune(cell);
  if (!pruned) return "the input does not reach the output";
  const int edges = pruned->cell.edges();
  if (edges > kMaxEdges) return "it has " + std::to_string(edges) + " edges after pruning, more than NAS-Bench-101's 9";
  return "";
}

}  // namespace naskernel::nb101
