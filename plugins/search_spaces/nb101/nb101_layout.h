// The NB101 skeleton's shapes, computed without building a network: a stem
// conv3x3, then stacks of cells with a 2x2 max-pool (stride 2, 'same'
// padding, so odd sides round up) and doubled channels between stacks, then
// global average pooling and a linear layer.
#pragma once

#include <cstdint>
#include <vector>

namespace naskernel::nb101 {

struct StackShape {
  int64_t channels = 0;  // output channels of every cell in the stack
  int64_t height = 0;
  int64_t width = 0;
};

struct Layout {
  int64_t input_channels = 3;
  int64_t stem_channels = 128;
  int64_t cells_per_stack = 3;
  int64_t classes = 10;
  std::vector<StackShape> stacks;

  // Input channels of cell `cell` of stack `stack`.
  int64_t cell_input_channels(int64_t stack, int64_t cell) const {
    if (cell > 0) return stacks[stack].channels;
    return stack == 0 ? stem_channels : stacks[stack - 1].channels;
  }
};

// `first_stack_channels` is the stem's width in NB101's stand-alone network;
// the reference super-net runs its first stack at twice the stem's. Throws
// UserError for sizes that are not positive.
Layout make_layout(int64_t stem_channels, int64_t first_stack_channels, int64_t stacks, int64_t cells_per_stack,
                   int64_t input_channels, int64_t height, int64_t width, int64_t classes);

}  // namespace naskernel::nb101
