#include "nb201_layout.h"

#include <naskernel/errors.h>

#include <string>

namespace naskernel::nb201 {
namespace {

void check_positive(int64_t value, const char* what) {
  if (value < 1) throw UserError("nb201 needs a positive " + std::string(what) + ", got " + std::to_string(value));
}

// The stride-2 3x3 conv (padding 1) gives floor((n - 1) / 2) + 1, the 2x2
// average-pool shortcut floor(n / 2): they agree only for even n.
int64_t reduce_side(int64_t side, int64_t input_side, const char* axis, int block) {
  const int64_t conv_side = (side - 1) / 2 + 1;
  const int64_t pool_side = side / 2;
  if (conv_side != pool_side || pool_side < 1)
    throw UserError("nb201 cannot take an input " + std::string(axis) + " of " + std::to_string(input_side) +
                    ": it is " + std::to_string(side) + " at residual block " + std::to_string(block) +
                    ", where the stride-2 convolution gives " + std::to_string(conv_side) +
                    " but the 2x2 average-pool shortcut gives " + std::to_string(pool_side) +
                    " (the " + axis + " must be a multiple of 4)");
  return pool_side;
}

}  // namespace

Layout make_layout(int64_t channels, int64_t cells, int64_t input_channels, int64_t height, int64_t width,
                   int64_t outputs) {
  check_positive(channels, "channel count C");
  check_positive(input_channels, "number of input channels");
  check_positive(height, "input height");
  check_positive(width, "input width");
  check_positive(outputs, "number of outputs");
  if (cells < 0) throw UserError("nb201 needs a non-negative number of cells, got " + std::to_string(cells));
  Layout layout;
  layout.input_channels = input_channels;
  layout.outputs = outputs;
  layout.cells_per_stage = cells;
  layout.stages[0] = {channels, height, width};  // the stem keeps the size (3x3, padding 1)
  for (int s = 1; s < 3; ++s) {
    const StageShape& previous = layout.stages[s - 1];
    layout.stages[s] = {previous.channels * 2, reduce_side(previous.height, height, "height", s),
                        reduce_side(previous.width, width, "width", s)};
  }
  return layout;
}

}  // namespace naskernel::nb201
