// The nb201 plugin's configuration keys.
#pragma once

#include <cstdint>
#include <optional>

#include <vector>

#include <naskernel/key_spec.h>

namespace naskernel {
class Config;
}

namespace naskernel::nb201 {

struct BatchNormOptions {
  bool affine = true;
  bool track_running_stats = true;
};

struct Nb201Options {
  int64_t channels = 16;  // C: channels of the first stage (then 2C, 4C)
  int64_t cells = 5;      // N: cells per stage
  // The super-net's C and N; unset, the stand-alone networks' (NB201's
  // reference trains its super-net at the benchmark's size). Smaller ones
  // make the super-net a cheaper proxy of the networks it ranks.
  std::optional<int64_t> supernet_channels;
  std::optional<int64_t> supernet_cells;
  // Super-net BN defaults to batch statistics without affine parameters:
  // statistics depend on the path, so running averages would mix paths.
  BatchNormOptions supernet_bn{false, false};
  BatchNormOptions standalone_bn{true, true};
};

// Reads `channels`, `cells`, `supernet_channels`, `supernet_cells`, `supernet_bn_affine`,
// `supernet_bn_track_running_stats`, `standalone_bn_affine` and
// `standalone_bn_track_running_stats`; throws ConfigError on bad values.
Nb201Options read_options(const Config& config);

// The keys read_options() reads, for the plugin's key schema.
std::vector<KeySpec> option_keys();

}  // namespace naskernel::nb201
