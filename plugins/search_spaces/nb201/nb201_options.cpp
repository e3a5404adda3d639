#include "nb201_options.h"

#include <naskernel/config.h>
#include <naskernel/key_spec.h>

namespace naskernel::nb201 {

Nb201Options read_options(const Config& config) {
  Nb201Options options;
  options.channels = config.get<int64_t>("channels", options.channels);
  options.cells = config.get<int64_t>("cells", options.cells);
  if (config.has("supernet_channels")) options.supernet_channels = config.get<int64_t>("supernet_channels", 0);
  if (config.has("supernet_cells")) options.supernet_cells = config.get<int64_t>("supernet_cells", 0);
  options.supernet_bn.affine = config.get<bool>("supernet_bn_affine", options.supernet_bn.affine);
  options.supernet_bn.track_running_stats =
      config.get<bool>("supernet_bn_track_running_stats", options.supernet_bn.track_running_stats);
  options.standalone_bn.affine = config.get<bool>("standalone_bn_affine", options.standalone_bn.affine);
  options.standalone_bn.track_running_stats =
      config.get<bool>("standalone_bn_track_running_stats", options.standalone_bn.track_running_stats);
  if (options.channels < 1)
    throw ConfigError(config.location("channels") + "key `" + config.path("channels") +
                      "` must be at least 1, got " + std::to_string(options.channels));
  if (options.cells < 0)
    throw ConfigError(config.location("cells") + "key `" + config.path("cells") + "` must be at least 0, got " +
                      std::to_string(options.cells));
  if (options.supernet_channels && *options.supernet_channels < 1)
    throw ConfigError(config.location("supernet_channels") + "key `" + config.path("supernet_channels") +
                      "` must be at least 1, got " + std::to_string(*options.supernet_channels));
  if (options.supernet_cells && *options.supernet_cells < 0)
    throw ConfigError(config.location("supernet_cells") + "key `" + config.path("supernet_cells") +
                      "` must be at least 0, got " + std::to_string(*options.supernet_cells));
  return options;
}

std::vector<KeySpec> option_keys() {
  return {{"channels", "integer", "16", "C: channels of the first stage (then 2C, 4C)"},
          {"cells", "integer", "5", "N: search cells per stage"},
          {"supernet_channels", "integer", "channels", "the super-net's C (stand-alone networks use channels)"},
          {"supernet_cells", "integer", "cells", "the super-net's N (stand-alone networks use cells)"},
          {"supernet_bn_affine", "boolean", "false", "affine BN parameters in the super-net"},
          {"supernet_bn_track_running_stats", "boolean", "false", "running BN statistics in the super-net"},
          {"standalone_bn_affine", "boolean", "true", "affine BN parameters in stand-alone networks"},
          {"standalone_bn_track_running_stats", "boolean", "true", "running BN statistics in stand-alone networks"}};
}

}  // namespace naskernel::nb201
