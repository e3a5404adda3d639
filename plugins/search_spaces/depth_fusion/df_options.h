// The depth_fusion plugin's configuration keys (listed, with defaults and
// help, by DepthFusionSpace::keys()).
#pragma once

#include "df_encoding.h"

#include <array>
#include <cstdint>
#include <string>

namespace naskernel {
class Config;
}

namespace naskernel::depth_fusion {

struct BatchNormOptions {
  bool affine = true;
  bool track_running_stats = true;
};

enum class OutputActivation { softplus, relu };

struct DepthFusionOptions {
  Version version = Version::v1;
  Mode mode = Mode::sync;
  int nodes = 3;          // intermediate nodes per cell, the last one is its output
  int64_t features = 32;  // F: decoder channels (MiDaS: 256)
  // The built-in ResNet-style encoder: channels at 1/2, 1/4, 1/8, 1/16 and
  // residual blocks per stage.
  std::array<int64_t, 4> encoder_channels = {16, 32, 64, 128};
  int64_t encoder_blocks = 1;
  // A TorchScript encoder instead (absolute, or resolved against the
  // manifest that set it); "" for the built-in one.
  std::string encoder_file;
  bool freeze_encoder = false;
  OutputActivation output_activation = OutputActivation::softplus;
  // Super-net BN defaults to batch statistics without affine parameters, as
  // in nb201: statistics depend on the path.
  BatchNormOptions supernet_bn{false, false};
  BatchNormOptions standalone_bn{true, true};
};

// Throws ConfigError naming the key on a bad value.
DepthFusionOptions read_options(const Config& config);

}  // namespace naskernel::depth_fusion
