#include "df_cardinality.h"

#include "df_liveness.h"

#include <algorithm>
#include <stdexcept>

namespace naskernel::depth_fusion {

std::string count_text(Count count) {
  if (count == 0) return "0";
  std::string text;
  while (count > 0) {
    text.insert(text.begin(), static_cast<char>('0' + static_cast<int>(count % 10)));
    count /= 10;
  }
  return text;
}

ValidCells::ValidCells(const CellShape& shape) : edges_(shape.num_edges()) {
  for (uint32_t mask = 0; mask < (1u << edges_); ++mask) {
    std::vector<int> ops(static_cast<size_t>(edges_), kNone);
    int set = 0;
    for (int e = 0; e < edges_; ++e)
      if (mask & (1u << e)) ops[static_cast<size_t>(e)] = kSkipConnect, ++set;
    if (!analyse_cell(shape, ops).reaches_output) continue;
    Count cells = 1;
    for (int i = 0; i < set; ++i) cells *= kNumOps - 1;
    patterns_.push_back(mask);
    first_.push_back(total_);
    total_ += cells;
  }
}

std::vector<int> ValidCells::cell_at(Count index) const {
  if (index >= total_) throw std::out_of_range("depth_fusion: valid-cell index past the end");
  const size_t p = static_cast<size_t>(std::upper_bound(first_.begin(), first_.end(), index) - first_.begin()) - 1;
  Count rest = index - first_[p];
  std::vector<int> ops(static_cast<size_t>(edges_), kNone);
  for (int e = edges_; e-- > 0;)  // lowest edge most significant
    if (patterns_[p] & (1u << e)) {
      ops[static_cast<size_t>(e)] = 1 + static_cast<int>(rest % (kNumOps - 1));
      rest /= kNumOps - 1;
    }
  return ops;
}

namespace {

Count choices_per_cell(const Encoding& encoding, const ValidCells& cells) {
  return cells.count() * (encoding.searches_upsampling() ? kNumUpsamplings : 1);
}

}  // namespace

Count count_architectures(const Encoding& encoding, const ValidCells& cells) {
  Count total = 1;
  for (int c = 0; c < encoding.num_cells(); ++c) total *= choices_per_cell(encoding, cells);
  return total;
}

Arch architecture_at(const Encoding& encoding, const ValidCells& cells, Count index) {
  if (index >= count_architectures(encoding, cells))
    throw std::out_of_range("depth_fusion: architecture index " + count_text(index) + " is past the " +
                            count_text(count_architectures(encoding, cells)) + " architectures");
  Arch arch{kSpaceName, std::vector<int>(static_cast<size_t>(encoding.num_genes()), 0)};
  const Count radix = choices_per_cell(encoding, cells);
  for (int c = encoding.num_cells(); c-- > 0;) {
    Count digit = index % radix;
    index /= radix;
    if (encoding.searches_upsampling()) {
      arch.genes[static_cast<size_t>(encoding.upsampling_gene(c))] = static_cast<int>(digit % kNumUpsamplings);
      digit /= kNumUpsamplings;
    }
    const std::vector<int> ops = cells.cell_at(digit);
    for (int e = 0; e < encoding.cell().num_edges(); ++e)
      arch.genes[static_cast<size_t>(encoding.edge_gene(c, e))] = ops[static_cast<size_t>(e)];
  }
  return arch;
}

}  // namespace naskernel::depth_fusion
