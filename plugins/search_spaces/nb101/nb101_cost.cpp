#include "nb101_cost.h"

#include "nb101_channels.h"

namespace naskernel::nb101 {
namespace {

struct Counter {
  CostCount total;

  // conv (no bias) + BN (scale and offset) + ReLU, stride 1, 'same' padding
  void conv_bn_relu(int64_t in, int64_t out, int64_t kernel, const StackShape& at) {
    total.params += in * out * kernel * kernel + 2 * out;
    total.multiply_adds += in * out * kernel * kernel * at.height * at.width;
  }
};

}  // namespace

CostCount count_cost(const PrunedCell& pruned, const Layout& layout) {
  const Cell& cell = pruned.cell;
  const int output = cell.vertices - 1;
  Counter counter;
  counter.conv_bn_relu(layout.input_channels, layout.stem_channels, 3, layout.stacks.front());
  for (size_t s = 0; s < layout.stacks.size(); ++s) {
    const StackShape& stack = layout.stacks[s];
    for (int64_t k = 0; k < layout.cells_per_stack; ++k) {
      const int64_t in = layout.cell_input_channels(static_cast<int64_t>(s), k);
      const auto channels = vertex_channels(in, stack.channels, cell);
      for (int v = 1; v < output; ++v) {
        if (cell.edge(0, v)) counter.conv_bn_relu(in, channels[v], 1, stack);  // projection of the input
        if (cell.ops[v] == kConv3x3) counter.conv_bn_relu(channels[v], channels[v], 3, stack);
        if (cell.ops[v] == kConv1x1) counter.conv_bn_relu(channels[v], channels[v], 1, stack);
      }
      if (cell.edge(0, output)) counter.conv_bn_relu(in, stack.channels, 1, stack);
    }
  }
  const int64_t features = layout.stacks.back().channels;
  counter.total.params += features * layout.classes + layout.classes;
  counter.total.multiply_adds += features * layout.classes;
  return counter.total;
}

}  // namespace naskernel::nb101
