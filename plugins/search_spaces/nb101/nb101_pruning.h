// Pruning and validity, as the official ModelSpec and NASBench.is_valid do:
// a vertex that is not on some input-to-output path is removed (with its
// edges) before anything else; the cell is valid when the input reaches the
// output and at most 9 edges remain.
#pragma once

#include <optional>
#include <string>

#include "nb101_cell.h"

namespace naskernel::nb101 {

// The cell that runs: its vertices renumbered 0..n-1 in their original order.
struct PrunedCell {
  Cell cell;                                 // cell.vertices = n, 2 <= n <= 7
  std::array<int, kNumVertices> original{};  // original[v]: v's index before pruning
};

// nullopt when the input does not reach the output (the official spec is
// then invalid: fewer than two vertices would remain).
std::optional<PrunedCell> prune(const Cell& cell);

// "" for a valid cell, else one clause saying why not.
std::string invalid_reason(const Cell& cell);

}  // namespace naskernel::nb101
