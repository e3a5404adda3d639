// Which parts of an architecture reach the network's output. The networks
// build and run only those parts, cost() counts only those, and the
// canonical key ignores everything else, so all three agree.
#pragma once

#include "df_encoding.h"

#include <array>
#include <vector>

namespace naskernel::depth_fusion {

struct CellLiveness {
  std::vector<bool> live_edges;  // non-none, fed from an input, and reaching the output
  bool reaches_output = false;   // some input reaches the output: the cell is valid
  bool uses_previous = false;    // a live edge leaves node 0
  bool uses_encoder = false;     // a live edge leaves node 1
};

CellLiveness analyse_cell(const CellShape& shape, const std::vector<int>& ops);

// Liveness of the whole decoder. Block 4 (the finest) feeds the head; a
// coarser block is live when the block after it is live and reads its
// previous-block input. A live block reads its projected encoder feature
// when its cell uses node 1, or, for block 1, whose two inputs are the same
// feature, when it uses either input.
struct NetworkLiveness {
  std::array<CellLiveness, kNumBlocks> cells;  // per block (sync: the same cell four times)
  std::array<bool, kNumBlocks> live_blocks{};
  std::array<bool, kNumBlocks> reads_encoder{};
};

NetworkLiveness analyse_network(const Encoding& encoding, const Arch& arch);

// "" when every cell is valid, else why not.
std::string invalid_reason(const Encoding& encoding, const Arch& arch);

}  // namespace naskernel::depth_fusion
