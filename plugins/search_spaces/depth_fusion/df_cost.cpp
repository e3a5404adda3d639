#include "df_cost.h"

#include "df_liveness.h"

namespace naskernel::depth_fusion {
namespace {

struct Counter {
  CostCount total;

  void conv(int64_t in, int64_t out, int64_t kernel, int64_t out_pixels, bool bias) {
    total.params += in * out * kernel * kernel + (bias ? out : 0);
    total.multiply_adds += in * out * kernel * kernel * out_pixels;
  }
  void batch_norm(int64_t channels, bool affine) {
    if (affine) total.params += 2 * channels;
  }
};

void count_builtin_encoder(Counter& counter, const NetworkPlan& plan) {
  const auto& channels = plan.encoder.channels;
  auto pixels = [&](int k) { return plan.feature_height(k) * plan.feature_width(k); };
  counter.conv(plan.input_channels, channels[0], 3, pixels(0), false);  // stem, stride 2
  counter.batch_norm(channels[0], true);
  int64_t in = channels[0];
  for (int k = 0; k < 4; ++k) {
    for (int64_t block = 0; block < plan.encoder_blocks; ++block) {
      const int64_t out = channels[static_cast<size_t>(k)];
      const bool downsamples = block == 0 && k > 0;
      counter.conv(in, out, 3, pixels(k), false);
      counter.batch_norm(out, true);
      counter.conv(out, out, 3, pixels(k), false);
      counter.batch_norm(out, true);
      if (downsamples || in != out) {  // projection shortcut
        counter.conv(in, out, 1, pixels(k), false);
        counter.batch_norm(out, true);
      }
      in = out;
    }
  }
}

}  // namespace

CostCount count_cost(const Encoding& encoding, const Arch& arch, const NetworkPlan& plan, bool bn_affine,
                     int64_t script_encoder_params) {
  const NetworkLiveness live = analyse_network(encoding, arch);
  Counter counter;
  if (plan.builtin_encoder) count_builtin_encoder(counter, plan);
  else counter.total.params += script_encoder_params;

  const int64_t f = plan.features;
  for (int b = 0; b < kNumBlocks; ++b) {
    if (!live.live_blocks[static_cast<size_t>(b)]) continue;
    const int k = NetworkPlan::feature_of_block(b);
    const int64_t pixels = plan.feature_height(k) * plan.feature_width(k);
    if (live.reads_encoder[static_cast<size_t>(b)])
      counter.conv(plan.encoder.channels[static_cast<size_t>(k)], f, 3, pixels, false);  // projection
    const int c = encoding.cell_of_block(b);
    const std::vector<int> ops = encoding.cell_ops(arch, c);
    const CellLiveness& cell = live.cells[static_cast<size_t>(b)];
    for (int e = 0; e < encoding.cell().num_edges(); ++e)
      if (cell.live_edges[static_cast<size_t>(e)])
        if (const int kernel = conv_kernel(ops[static_cast<size_t>(e)])) {
          counter.conv(f, f, kernel, pixels, false);
          counter.batch_norm(f, bn_affine);
        }
    switch (encoding.upsampling(arch, c)) {
      case kTransposedConv:  // k4 s2: each output pixel sees 2x2 inputs
        counter.total.params += f * f * 16 + f;
        counter.total.multiply_adds += f * f * 4 * (4 * pixels);
        break;
      case kPixelShuffle: counter.conv(f, 4 * f, 3, pixels, true); break;
      default: break;  // interpolation has no weights
    }
  }
  const int64_t full = plan.height * plan.width;
  const int64_t before_upsampling = full / (plan.head_upsampling() * plan.head_upsampling());
  counter.conv(f, plan.head_channels(), 3, before_upsampling, true);
  counter.conv(plan.head_channels(), kHeadChannels, 3, full, true);
  counter.conv(kHeadChannels, plan.outputs, 1, full, true);
  return counter.total;
}

}  // namespace naskernel::depth_fusion
