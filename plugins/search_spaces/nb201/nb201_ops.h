// The NAS-Bench-201 cell: 4 nodes, 6 edges, 5 candidate operations.
// Torch-free, so the encoding, string form and canonical key compile fast.
#pragma once

#include <naskernel/arch.h>

#include <array>
#include <string>
#include <vector>

namespace naskernel::nb201 {

// Operation indices in NB201's own order; an architecture gene stores one.
enum Op : int {
  kNone = 0,
  kSkipConnect = 1,
  kNorConv1x1 = 2,
  kNorConv3x3 = 3,
  kAvgPool3x3 = 4,
};

inline constexpr int kNumOps = 5;
inline constexpr int kNumNodes = 4;  // node 0 is the cell input, node 3 its output
inline constexpr int kNumEdges = 6;

// Edge `to <- from`.
struct Edge {
  int to;
  int from;
};

// Gene order = the order in which NB201's string lists the edges.
inline constexpr std::array<Edge, kNumEdges> kEdges = {{{1, 0}, {2, 0}, {2, 1}, {3, 0}, {3, 1}, {3, 2}}};

inline constexpr std::array<const char*, kNumOps> kOpNames = {
    "none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"};

inline constexpr const char* kSpaceName = "nb201";

// Gene index of edge `to <- from`, 0 <= from < to <= 3.
constexpr int edge_index(int to, int from) { return to * (to - 1) / 2 + from; }

// "2<-1", the name NB201 (and our genes()) give an edge.
std::string edge_name(int edge);

// Kernel size of a convolution op, 0 for ops without weights.
constexpr int conv_kernel(int op) { return op == kNorConv1x1 ? 1 : op == kNorConv3x3 ? 3 : 0; }

// Throws UserError unless `arch` is a well-formed nb201 architecture.
void check_arch(const Arch& arch);

}  // namespace naskernel::nb201
