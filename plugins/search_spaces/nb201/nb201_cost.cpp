#include "nb201_cost.h"

#include "nb201_ops.h"

namespace naskernel::nb201 {
namespace {

// Accumulates layer by layer, mirroring the modules that the networks build.
struct Counter {
  bool bn_affine;
  CostCount total;

  void conv(int64_t in, int64_t out, int64_t kernel, int64_t out_height, int64_t out_width) {
    total.params += in * out * kernel * kernel;
    total.multiply_adds += in * out * kernel * kernel * out_height * out_width;
  }
  void batch_norm(int64_t channels) {
    if (bn_affine) total.params += 2 * channels;
  }
  void relu_conv_bn(int64_t in, int64_t out, int64_t kernel, const StageShape& out_shape) {
    conv(in, out, kernel, out_shape.height, out_shape.width);
    batch_norm(out);
  }
};

}  // namespace

CostCount count_cost(const Arch& arch, const Layout& layout, bool bn_affine) {
  check_arch(arch);
  Counter counter{bn_affine, {}};
  const StageShape& first = layout.stages[0];
  counter.conv(layout.input_channels, first.channels, 3, first.height, first.width);  // stem
  counter.batch_norm(first.channels);
  for (int s = 0; s < 3; ++s) {
    const StageShape& stage = layout.stages[s];
    if (s > 0) {  // residual block from the previous stage
      const StageShape& previous = layout.stages[s - 1];
      counter.relu_conv_bn(previous.channels, stage.channels, 3, stage);  // conv_a, stride 2
      counter.relu_conv_bn(stage.channels, stage.channels, 3, stage);     // conv_b
      counter.conv(previous.channels, stage.channels, 1, stage.height, stage.width);  // shortcut
    }
    for (int64_t cell = 0; cell < layout.cells_per_stage; ++cell)
      for (int e = 0; e < kNumEdges; ++e)
        if (const int kernel = conv_kernel(arch.genes[e]))
          counter.relu_conv_bn(stage.channels, stage.channels, kernel, stage);
  }
  const int64_t features = layout.stages[2].channels;
  counter.batch_norm(features);  // lastact
  counter.total.params += features * layout.outputs + layout.outputs;  // classifier
  counter.total.multiply_adds += features * layout.outputs;
  return counter.total;
}

}  // namespace naskernel::nb201
