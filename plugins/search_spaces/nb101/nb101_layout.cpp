#include "nb101_layout.h"

#include <naskernel/errors.h>

#include <string>

namespace naskernel::nb101 {
namespace {

void check_positive(int64_t value, const char* what) {
  if (value < 1) throw UserError("nb101 needs a positive " + std::string(what) + ", got " + std::to_string(value));
}

}  // namespace

Layout make_layout(int64_t stem_channels, int64_t first_stack_channels, int64_t stacks, int64_t cells_per_stack,
                   int64_t input_channels, int64_t height, int64_t width, int64_t classes) {
  check_positive(stem_channels, "number of stem channels");
  check_positive(first_stack_channels, "number of channels in the first stack");
  check_positive(stacks, "number of stacks");
  check_positive(cells_per_stack, "number of cells per stack");
  check_positive(input_channels, "number of input channels");
  check_positive(height, "input height");
  check_positive(width, "input width");
  check_positive(classes, "number of classes");
  Layout layout;
  layout.input_channels = input_channels;
  layout.stem_channels = stem_channels;
  layout.cells_per_stack = cells_per_stack;
  layout.classes = classes;
  StackShape shape{first_stack_channels, height, width};
  for (int64_t s = 0; s < stacks; ++s) {
    if (s > 0) shape = {shape.channels * 2, (shape.height + 1) / 2, (shape.width + 1) / 2};
    layout.stacks.push_back(shape);
  }
  return layout;
}

}  // namespace naskernel::nb101
