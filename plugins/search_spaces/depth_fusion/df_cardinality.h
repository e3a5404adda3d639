// Counting and indexing the valid architectures exactly.
//
// Validity depends only on which edges are `none`, so a cell's valid count
// is a sum over the 2^E none-patterns that connect an input to the output,
// each giving 4^(non-none edges) cells. Cells (and, in v2, their upsampling)
// are independent, so the space's count is a product. Non-sync counts pass
// 2^64, hence the 128-bit arithmetic.
#pragma once

#include "df_encoding.h"

#include <naskernel/arch.h>

#include <cstdint>
#include <string>
#include <vector>

namespace naskernel::depth_fusion {

using Count = unsigned __int128;

std::string count_text(Count count);  // decimal

class ValidCells {
 public:
  explicit ValidCells(const CellShape& shape);

  Count count() const { return total_; }
  // The `index`-th valid cell (index < count()), as ops per edge. A
  // bijection onto the valid cells, ordered by none-pattern, then by ops.
  std::vector<int> cell_at(Count index) const;

 private:
  int edges_;
  std::vector<uint32_t> patterns_;  // masks of non-none edges that make a valid cell
  std::vector<Count> first_;        // index of each pattern's first cell
  Count total_ = 0;
};

// Valid architectures of `encoding` (every cell valid).
Count count_architectures(const Encoding& encoding, const ValidCells& cells);

// The `index`-th valid architecture: mixed radix over cells (cell 0 most
// significant), each cell its valid-cell index, then (v2) its upsampling.
Arch architecture_at(const Encoding& encoding, const ValidCells& cells, Count index);

}  // namespace naskernel::depth_fusion
