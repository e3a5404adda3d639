#include "darts_cost.h"

#include "darts_ops.h"

namespace naskernel::darts {
namespace {

// Accumulates layer by layer, mirroring the modules that the networks build
// (all with affine BN, as DARTS's evaluation networks).
struct Counter {
  CostCount total;

  void conv(int64_t in, int64_t out, int64_t kernel, int64_t groups, int64_t out_height, int64_t out_width) {
    const int64_t weights = in / groups * out * kernel * kernel;
    total.params += weights;
    total.multiply_adds += weights * out_height * out_width;
  }
  void batch_norm(int64_t channels) { total.params += 2 * channels; }
  void linear(int64_t in, int64_t out) {
    total.params += in * out + out;
    total.multiply_adds += in * out;
  }
  void relu_conv_bn(int64_t in, int64_t out, int64_t height, int64_t width) {
    conv(in, out, 1, 1, height, width);
    batch_norm(out);
  }
  void factorized_reduce(int64_t in, int64_t out, int64_t out_height, int64_t out_width) {
    conv(in, out / 2, 1, 1, out_height, out_width);
    conv(in, out / 2, 1, 1, out_height, out_width);
    batch_norm(out);
  }
  void op(int op, int64_t c, int64_t stride, int64_t out_height, int64_t out_width) {
    switch (op) {
      case kMaxPool3x3:
      case kAvgPool3x3: return;
      case kSkipConnect:
        if (stride == 2) factorized_reduce(c, c, out_height, out_width);
        return;
      case kSepConv3x3:
      case kSepConv5x5: {
        const int64_t k = op == kSepConv3x3 ? 3 : 5;
        for (int half = 0; half < 2; ++half) {
          conv(c, c, k, c, out_height, out_width);  // depthwise
          conv(c, c, 1, 1, out_height, out_width);  // pointwise
          batch_norm(c);
        }
        return;
      }
      case kDilConv3x3:
      case kDilConv5x5:
        conv(c, c, op == kDilConv3x3 ? 3 : 5, c, out_height, out_width);
        conv(c, c, 1, 1, out_height, out_width);
        batch_norm(c);
        return;
    }
  }
};

}  // namespace

CostCount count_cost(const Arch& arch, const Layout& layout) {
  check_arch(arch);
  Counter counter;
  const int64_t c = layout.channels;
  if (layout.network == NetworkKind::cifar) {
    counter.conv(layout.input_channels, layout.stem_channels, 3, 1, layout.input_height, layout.input_width);
    counter.batch_norm(layout.stem_channels);
  } else {
    counter.conv(layout.input_channels, c / 2, 3, 1, layout.stem0_height, layout.stem0_width);
    counter.batch_norm(c / 2);
    counter.conv(c / 2, c, 3, 1, layout.s0_height, layout.s0_width);
    counter.batch_norm(c);
    counter.conv(c, c, 3, 1, layout.s1_height, layout.s1_width);  // stem1
    counter.batch_norm(c);
  }
  for (const CellShape& shape : layout.cells) {
    if (shape.reduction_prev)
      counter.factorized_reduce(shape.c_prev_prev, shape.c, shape.in_height, shape.in_width);
    else
      counter.relu_conv_bn(shape.c_prev_prev, shape.c, shape.in_height, shape.in_width);
    counter.relu_conv_bn(shape.c_prev, shape.c, shape.in_height, shape.in_width);
    const int cell = shape.reduction ? kReduce : kNormal;
    for (int node = 0; node < kNumNodes; ++node)
      for (int slot = 0; slot < 2; ++slot) {
        const int input = arch.genes[input_gene(cell, node, slot)];
        const int64_t stride = shape.reduction && input < kNumCellInputs ? 2 : 1;
        counter.op(arch.genes[op_gene(cell, node, slot)], shape.c, stride, shape.out_height, shape.out_width);
      }
  }
  counter.linear(layout.final_channels, layout.outputs);
  return counter.total;
}

}  // namespace naskernel::darts
