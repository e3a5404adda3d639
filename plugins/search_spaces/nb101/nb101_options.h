// The nb101 plugin's configuration keys.
#pragma once

#include <cstdint>

namespace naskernel {
class Config;
}  // namespace naskernel

namespace naskernel::nb101 {

struct BatchNormOptions {
  bool affine = true;
  bool track_running_stats = true;
  double momentum = 0.003;  // PyTorch's convention: 1 - TensorFlow's decay 0.997
  double eps = 1e-5;
};

struct Nb101Options {
  int64_t stem_channels = 128;  // stand-alone: stem and first stack (NB101's 128)
  int64_t stacks = 3;
  int64_t cells_per_stack = 3;
  // The reference super-net (Yu et al.'s NasBenchNet, init_channels = 64)
  // has a 64-channel stem and runs its first stack at 128 channels.
  int64_t supernet_stem_channels = 64;
  int64_t supernet_channels = 128;
  // Super-net BN: batch statistics always (the reference's wsbn_track_stat =
  // False), with scale and offset (wsbn_affine = True).
  BatchNormOptions supernet_bn{true, false};
  BatchNormOptions standalone_bn{true, true};
  double mutation_rate = 1.0;  // the official mutate_spec's mutation_rate
};

// Reads the keys Nb101Space::keys() lists; throws ConfigError on bad values.
Nb101Options read_options(const Config& config);

}  // namespace naskernel::nb101
