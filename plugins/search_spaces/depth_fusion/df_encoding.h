// The depth_fusion encoding: which genes an architecture has and what they
// mean. Torch-free, so encoding, strings, keys and counts compile fast.
//
// A fusion cell has two input nodes, 0 (the previous block's output) and 1
// (the projected encoder feature of the block's scale), then `nodes`
// NB201-style nodes 2..nodes+1: node j sums one operation on every earlier
// node. The last node is the cell's output. With 3 nodes: 2+3+4 = 9 edges.
#pragma once

#include <naskernel/arch.h>

#include <array>
#include <string>
#include <vector>

namespace naskernel::depth_fusion {

inline constexpr const char* kSpaceName = "depth_fusion";

// Edge operations, in gene-choice order.
enum Op : int { kNone = 0, kSkipConnect = 1, kConv1x1 = 2, kConv3x3 = 3, kAvgPool3x3 = 4 };
inline constexpr int kNumOps = 5;
inline constexpr std::array<const char*, kNumOps> kOpNames = {"none", "skip_connect", "conv_1x1", "conv_3x3",
                                                              "avg_pool_3x3"};

// The x2 upsampling after a block (searched in v2, bilinear in v1).
enum Upsampling : int { kBilinear = 0, kBicubic = 1, kTransposedConv = 2, kPixelShuffle = 3 };
inline constexpr int kNumUpsamplings = 4;
inline constexpr std::array<const char*, kNumUpsamplings> kUpsamplingNames = {"bilinear", "bicubic",
                                                                              "transposed_conv", "pixel_shuffle"};

inline constexpr int kNumBlocks = 4;  // fusion blocks, coarse (block 1) to fine (block 4)
inline constexpr int kPreviousInput = 0;
inline constexpr int kEncoderInput = 1;
inline constexpr int kMinNodes = 1;
inline constexpr int kMaxNodes = 3;  // 4 would overflow the 128-bit non-sync counts

enum class Version { v1, v2 };
enum class Mode { sync, non_sync };

const char* version_name(Version version);
const char* mode_name(Mode mode);

// Convolution kernel of an op, 0 for ops without weights.
constexpr int conv_kernel(int op) { return op == kConv1x1 ? 1 : op == kConv3x3 ? 3 : 0; }

// One gene: its name and choices (the space turns these into SDK Genes;
// this header stays free of LibTorch).
struct GeneSpec {
  std::string name;
  std::vector<std::string> choices;
};

// Edge `to <- from` of a cell.
struct Edge {
  int to;
  int from;
};

// The shape of one fusion cell: its nodes and edges, edges ordered by
// target node, then source node (the order of the string form).
class CellShape {
 public:
  explicit CellShape(int nodes);

  int nodes() const { return nodes_; }                 // intermediate nodes, the last is the output
  int num_nodes() const { return nodes_ + 2; }         // including the two inputs
  int output_node() const { return nodes_ + 1; }
  int num_edges() const { return static_cast<int>(edges_.size()); }
  const Edge& edge(int e) const { return edges_[static_cast<size_t>(e)]; }
  int edge_index(int to, int from) const { return to * (to - 1) / 2 - 1 + from; }
  std::string edge_name(int e) const;  // "3<-1"

 private:
  int nodes_;
  std::vector<Edge> edges_;
};

// Where each gene sits. Per cell: its edges, then (v2) its upsampling. Sync
// has one cell shared by the four blocks; non-sync one cell per block,
// block 1 (coarsest) first.
class Encoding {
 public:
  Encoding(Version version, Mode mode, int nodes);

  Version version() const { return version_; }
  Mode mode() const { return mode_; }
  const CellShape& cell() const { return cell_; }

  int num_cells() const { return mode_ == Mode::sync ? 1 : kNumBlocks; }
  int cell_of_block(int block) const { return mode_ == Mode::sync ? 0 : block; }
  bool searches_upsampling() const { return version_ == Version::v2; }
  int genes_per_cell() const { return cell_.num_edges() + (searches_upsampling() ? 1 : 0); }
  int num_genes() const { return num_cells() * genes_per_cell(); }

  int edge_gene(int cell, int edge) const { return cell * genes_per_cell() + edge; }
  // Only in v2.
  int upsampling_gene(int cell) const { return cell * genes_per_cell() + cell_.num_edges(); }

  // The ops of a cell's edges, and its upsampling (bilinear in v1).
  std::vector<int> cell_ops(const Arch& arch, int cell) const;
  int upsampling(const Arch& arch, int cell) const;

  std::vector<GeneSpec> genes() const;

  // Throws UserError unless `arch` is a well-formed architecture of this
  // encoding (space name, gene count, choice ranges); validity is separate.
  void check(const Arch& arch) const;

  // "block 2" or "the shared cell", for messages.
  std::string cell_label(int cell) const;

 private:
  Version version_;
  Mode mode_;
  CellShape cell_;
};

}  // namespace naskernel::depth_fusion
