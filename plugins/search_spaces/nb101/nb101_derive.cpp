#include "nb101_derive.h"

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <string>

#include "nb101_cell.h"
#include "nb101_pruning.h"

namespace naskernel::nb101 {

Arch derive_arch(const std::vector<std::vector<double>>& probabilities) {
  if (probabilities.size() != static_cast<size_t>(kNumGenes))
    throw std::invalid_argument("nb101 derive: expected 26 rows, got " + std::to_string(probabilities.size()));
  for (int g = 0; g < kNumGenes; ++g)
    if (probabilities[g].size() != static_cast<size_t>(g < kNumEdgeGenes ? 2 : kNumOps))
      throw std::invalid_argument("nb101 derive: row " + std::to_string(g) + " has " +
                                  std::to_string(probabilities[g].size()) + " values");
  Arch arch{kSpaceName, std::vector<int>(kNumGenes, 0)};
  for (int g = kNumEdgeGenes; g < kNumGenes; ++g) {
    const auto& row = probabilities[g];
    arch.genes[g] = static_cast<int>(std::max_element(row.begin(), row.end()) - row.begin());
  }
  // Edge genes by decreasing probability of presence; ties keep gene order.
  std::vector<int> order(kNumEdgeGenes);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return probabilities[a][1] > probabilities[b][1]; });
  std::vector<int> kept;
  size_t next = 0;
  for (; next < order.size() && kept.size() < static_cast<size_t>(kMaxEdges); ++next) {
    const int g = order[next];
    if (probabilities[g][1] < probabilities[g][0]) break;
    kept.push_back(g);
  }
  const auto valid_with = [&](const std::vector<int>& edges) {
    Arch candidate = arch;
    for (int g : edges) candidate.genes[g] = 1;
    return invalid_reason(cell_of(candidate)).empty();
  };
  while (!valid_with(kept) && kept.size() < static_cast<size_t>(kMaxEdges) && next < order.size())
    kept.push_back(order[next++]);
  if (!valid_with(kept)) {
    const int direct = edge_gene(0, kNumVertices - 1);
    if (std::find(kept.begin(), kept.end(), direct) == kept.end()) {
      if (kept.size() == static_cast<size_t>(kMaxEdges)) kept.pop_back();
      kept.push_back(direct);
    }
  }
  for (int g : kept) arch.genes[g] = 1;
  return arch;
}

}  // namespace naskernel::nb101
