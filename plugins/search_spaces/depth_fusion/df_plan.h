// The shapes of one depth_fusion network at one input size: what the
// encoder delivers, where each block works, what the head makes. Torch-free;
// the networks and cost() are built from it.
//
// The encoder delivers 4 features, fine to coarse, at 1/2^(s+k) of the
// input for k = 0..3: s = 1 (1/2..1/16, the built-in encoder, sized for
// 32x32 and 64x64 inputs) or s = 2 (1/4..1/32, as MiDaS's ResNeXt). Block 1
// (coarsest) works at 1/2^(s+3), each block ends with a x2 upsampling, so
// block 4's output is at 1/2^(s-1); the head upsamples the rest of the way.
#pragma once

#include "df_options.h"

#include <array>
#include <cstdint>

namespace naskernel::depth_fusion {

inline constexpr int64_t kHeadChannels = 32;  // MiDaS's head: F -> F/2 -> 32 -> outputs

struct EncoderShape {
  std::array<int64_t, 4> channels{};  // fine to coarse
  int first_scale_log2 = 1;           // s: feature k is at 1/2^(s+k)
};

struct NetworkPlan {
  int64_t input_channels = 3;
  int64_t height = 32;
  int64_t width = 32;
  int64_t outputs = 1;  // channels of the dense map
  int64_t features = 32;
  EncoderShape encoder;
  bool builtin_encoder = true;
  int64_t encoder_blocks = 1;  // built-in only

  // Height and width of encoder feature k (0 = finest).
  int64_t feature_height(int k) const { return height >> (encoder.first_scale_log2 + k); }
  int64_t feature_width(int k) const { return width >> (encoder.first_scale_log2 + k); }
  // Encoder feature read by block b (0 = block 1, the coarsest).
  static int feature_of_block(int block) { return 3 - block; }
  int64_t head_channels() const { return features / 2; }
  // Size factor the head upsamples by after its first convolution.
  int64_t head_upsampling() const { return int64_t{1} << (encoder.first_scale_log2 - 1); }
  // Input height and width must be multiples of this.
  int64_t size_multiple() const { return int64_t{1} << (encoder.first_scale_log2 + 3); }
};

// Checks the task's request (a dense map, a size the decoder can halve four
// times) and throws UserError otherwise. `encoder` is the built-in encoder's
// shape or what a TorchScript encoder reported.
NetworkPlan make_plan(const DepthFusionOptions& options, int64_t channels, int64_t height, int64_t width,
                      bool dense, int64_t outputs, const EncoderShape& encoder, bool builtin_encoder);

EncoderShape builtin_encoder_shape(const DepthFusionOptions& options);

}  // namespace naskernel::depth_fusion
