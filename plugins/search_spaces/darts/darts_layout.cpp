#include "darts_layout.h"

#include <naskernel/errors.h>

namespace naskernel::darts {
namespace {

void check_positive(int64_t value, const char* what) {
  if (value < 1) throw UserError("darts needs a positive " + std::string(what) + ", got " + std::to_string(value));
}

// A stride-2 op (pool, conv with padding (k-1)/2 * dilation) gives
// ceil(n / 2); FactorizedReduce, which concatenates two 1x1 stride-2 convs of
// x and of x shifted by one pixel, only agrees for even n.
int64_t halve(int64_t side, int64_t input_side, const char* axis, const std::string& where) {
  if (side % 2 != 0 || side < 2)
    throw UserError("darts cannot take an input " + std::string(axis) + " of " + std::to_string(input_side) +
                    ": it is " + std::to_string(side) + " at " + where +
                    ", where a FactorizedReduce needs an even size (use a " + axis +
                    " divisible by 4 for CIFAR networks, by 32 for the ImageNet network)");
  return side / 2;
}

int64_t stride2_conv(int64_t side) { return (side + 1) / 2; }

// DARTS's auxiliary heads pool with a 5x5 window (stride 3 in CIFAR, 2 in
// ImageNet) to 2x2, then a 2x2 conv gives 1x1 for a 768-input classifier.
bool auxiliary_fits(int64_t side, int64_t stride) { return side >= 5 && (side - 5) / stride + 1 == 2; }

void add_cells(Layout& layout, int64_t layers, int64_t c_prev_prev, int64_t c_prev, bool reduction_prev,
               int64_t height, int64_t width) {
  int64_t c = layout.channels;
  for (int64_t i = 0; i < layers; ++i) {
    CellShape cell;
    cell.reduction = is_reduction(i, layers);
    cell.reduction_prev = reduction_prev;
    if (cell.reduction) c *= 2;
    cell.c_prev_prev = c_prev_prev;
    cell.c_prev = c_prev;
    cell.c = c;
    cell.in_height = height;
    cell.in_width = width;
    const std::string where = "reduction cell " + std::to_string(i);
    cell.out_height = cell.reduction ? halve(height, layout.input_height, "height", where) : height;
    cell.out_width = cell.reduction ? halve(width, layout.input_width, "width", where) : width;
    layout.cells.push_back(cell);
    height = cell.out_height;
    width = cell.out_width;
    reduction_prev = cell.reduction;
    c_prev_prev = c_prev;
    c_prev = 4 * c;
  }
  layout.final_channels = c_prev;
}

Layout base_layout(NetworkKind network, int64_t channels, int64_t input_channels, int64_t height, int64_t width,
                   int64_t outputs) {
  check_positive(channels, "channel count C");
  check_positive(input_channels, "number of input channels");
  check_positive(height, "input height");
  check_positive(width, "input width");
  check_positive(outputs, "number of outputs");
  Layout layout;
  layout.network = network;
  layout.input_channels = input_channels;
  layout.input_height = height;
  layout.input_width = width;
  layout.outputs = outputs;
  layout.channels = channels;
  return layout;
}

Layout cifar_layout(int64_t channels, int64_t layers, int64_t input_channels, int64_t height, int64_t width,
                    int64_t outputs) {
  Layout layout = base_layout(NetworkKind::cifar, channels, input_channels, height, width, outputs);
  layout.stem_channels = 3 * channels;
  layout.s0_height = layout.s1_height = height;
  layout.s0_width = layout.s1_width = width;
  add_cells(layout, layers, layout.stem_channels, layout.stem_channels, false, height, width);
  return layout;
}

}  // namespace

bool is_reduction(int64_t cell, int64_t layers) { return cell == layers / 3 || cell == 2 * layers / 3; }

Layout make_eval_layout(const DartsOptions& options, int64_t input_channels, int64_t height, int64_t width,
                        int64_t outputs) {
  Layout layout;
  if (options.network == NetworkKind::cifar) {
    layout = cifar_layout(options.channels, options.layers, input_channels, height, width, outputs);
  } else {
    layout = base_layout(NetworkKind::imagenet, options.channels, input_channels, height, width, outputs);
    layout.stem_channels = options.channels;
    layout.stem0_height = stride2_conv(height);
    layout.stem0_width = stride2_conv(width);
    layout.s0_height = stride2_conv(layout.stem0_height);
    layout.s0_width = stride2_conv(layout.stem0_width);
    // The first cell factorizes s0 down to s1's size (reduction_prev).
    layout.s1_height = halve(layout.s0_height, height, "height", "the stem (stem0's output)");
    layout.s1_width = halve(layout.s0_width, width, "width", "the stem (stem0's output)");
    add_cells(layout, options.layers, options.channels, options.channels, true, layout.s1_height, layout.s1_width);
  }
  if (options.auxiliary) {
    const int cell = static_cast<int>(2 * options.layers / 3);
    const CellShape& shape = layout.cells[cell];
    const int64_t stride = options.network == NetworkKind::cifar ? 3 : 2;
    const int64_t expected = options.network == NetworkKind::cifar ? 8 : 7;
    if (!auxiliary_fits(shape.out_height, stride) || !auxiliary_fits(shape.out_width, stride))
      throw UserError(options.auxiliary_location + "the darts auxiliary head (`" + options.auxiliary_path +
                      " = true`) reads the " + std::to_string(shape.out_height) + "x" +
                      std::to_string(shape.out_width) + " output of cell " + std::to_string(cell) + " for inputs of " +
                      std::to_string(height) + "x" + std::to_string(width) + ", but DARTS sized it for a " +
                      std::to_string(expected) + "x" + std::to_string(expected) + " map (" +
                      (options.network == NetworkKind::cifar ? "32x32" : "224x224") +
                      " inputs); set `" + options.auxiliary_path + " = false` or use inputs of that size");
    layout.auxiliary_cell = cell;
    layout.auxiliary_channels = 4 * shape.c;
  }
  return layout;
}

void check_input_shape(const std::vector<int64_t>& sizes, const Layout& layout, bool auxiliary) {
  auto shape_text = [&] {
    std::string text = "[";
    for (size_t i = 0; i < sizes.size(); ++i) text += (i ? ", " : "") + std::to_string(sizes[i]);
    return text + "]";
  };
  if (sizes.size() != 4 || sizes[1] != layout.input_channels)
    throw UserError("darts expects input of shape [batch, " + std::to_string(layout.input_channels) +
                    ", height, width], got " + shape_text());
  if (sizes[2] == layout.input_height && sizes[3] == layout.input_width) return;
  DartsOptions options;
  options.network = layout.network;
  options.channels = layout.channels;
  options.layers = static_cast<int64_t>(layout.cells.size());
  options.auxiliary = auxiliary;
  make_eval_layout(options, layout.input_channels, sizes[2], sizes[3], layout.outputs);  // throws if it cannot
}

Layout make_search_layout(const DartsOptions& options, int64_t input_channels, int64_t height, int64_t width,
                          int64_t outputs) {
  return cifar_layout(options.supernet_channels, options.supernet_layers, input_channels, height, width, outputs);
}

}  // namespace naskernel::darts
