// The official channel rule inside a cell (model_builder.compute_vertex_channels).
#pragma once

#include <array>
#include <cstdint>

#include "nb101_pruning.h"

namespace naskernel::nb101 {

// Output channels of each vertex of a pruned cell with `in` input and `out`
// output channels: vertices feeding the output split `out` evenly, the
// remainder going one each to the lowest-indexed; every other interior
// vertex takes the maximum of its interior successors. [0] is `in`,
// [n-1] is `out`. Throws UserError when `out` is too small to give every
// vertex a channel.
std::array<int64_t, kNumVertices> vertex_channels(int64_t in, int64_t out, const Cell& pruned);

}  // namespace naskernel::nb101
