// The shapes of DARTS's macro networks, computed without building them:
// channels and spatial sizes of the stem, of every cell, of the auxiliary
// head's input and of the classifier. Shared by the stand-alone networks, the
// super-net and cost(), and where inputs that the networks cannot take are
// refused. Torch-free.
//
// Both networks stack `layers` cells; cells layers/3 and 2*layers/3 are
// reduction cells (stride 2, channels doubled). A cell reads the outputs of
// the two previous cells (s0, s1), preprocesses both to C channels (a
// FactorizedReduce on s0 when the previous cell reduced), and concatenates
// its 4 nodes (4C channels out).
#pragma once

#include "darts_options.h"

#include <cstdint>
#include <string>
#include <vector>

namespace naskernel::darts {

struct CellShape {
  bool reduction = false;
  bool reduction_prev = false;
  int64_t c_prev_prev = 0;  // channels of s0
  int64_t c_prev = 0;       // channels of s1
  int64_t c = 0;            // channels of each node (the cell outputs 4c)
  int64_t in_height = 0;    // of s1, and of s0 after preprocessing
  int64_t in_width = 0;
  int64_t out_height = 0;  // of the nodes
  int64_t out_width = 0;
};

struct Layout {
  NetworkKind network = NetworkKind::cifar;  // which stem
  int64_t input_channels = 3;
  int64_t input_height = 32;
  int64_t input_width = 32;
  int64_t outputs = 10;
  int64_t channels = 36;  // C
  // CIFAR: one 3x3 conv to 3C channels at the input size (s0 = s1).
  // ImageNet: stem0 (two stride-2 3x3 convs to C/2, then C) gives s0; stem1
  // (a ReLU and a stride-2 3x3 conv) gives s1.
  int64_t stem_channels = 0;
  int64_t stem0_height = 0, stem0_width = 0;  // ImageNet: after stem0's first conv (C/2 channels)
  int64_t s0_height = 0, s0_width = 0;        // the first cell's s0
  int64_t s1_height = 0, s1_width = 0;        // the first cell's s1
  std::vector<CellShape> cells;
  // The auxiliary head reads the output of cell 2*layers/3, -1 without one.
  int auxiliary_cell = -1;
  int64_t auxiliary_channels = 0;
  int64_t final_channels = 0;  // the last cell's output, into the classifier
};

// Whether a cell with this index is a reduction cell.
bool is_reduction(int64_t cell, int64_t layers);

// The evaluation network (`options.network`, `channels`, `layers`,
// `auxiliary`) for inputs [input_channels, height, width] and `outputs`
// classes. Throws UserError when a side is odd where a FactorizedReduce
// halves it, or when the auxiliary head (which DARTS sized for a 8x8 map in
// CIFAR and 7x7 in ImageNet, to pool to 2x2 then convolve to 1x1) does not
// fit the map it reads; that message names the `auxiliary` key.
Layout make_eval_layout(const DartsOptions& options, int64_t input_channels, int64_t height, int64_t width,
                        int64_t outputs);

// The search network: CIFAR stem, `supernet_channels`, `supernet_layers`,
// no auxiliary head.
Layout make_search_layout(const DartsOptions& options, int64_t input_channels, int64_t height, int64_t width,
                          int64_t outputs);

// Throws UserError unless x's shape [batch, channels, height, width] fits
// the network `layout` describes: the same input channels, and a spatial
// size that every FactorizedReduce can halve (and, when `auxiliary`, that
// the auxiliary head fits). Other sizes than the layout's are fine.
void check_input_shape(const std::vector<int64_t>& sizes, const Layout& layout, bool auxiliary);

}  // namespace naskernel::darts
