#include "darts_options.h"

#include <naskernel/config.h>

namespace naskernel::darts {
namespace {

[[noreturn]] void bad(const Config& config, const std::string& key, const std::string& problem) {
  throw ConfigError(config.location(key) + "key `" + config.path(key) + "` " + problem);
}

}  // namespace

DartsOptions read_options(const Config& config) {
  DartsOptions options;
  const std::string network = config.get<std::string>("network", "cifar");
  if (network == "cifar") {
    options.network = NetworkKind::cifar;
  } else if (network == "imagenet") {
    options.network = NetworkKind::imagenet;
    options.channels = 48;
    options.layers = 14;
  } else {
    bad(config, "network", "must be \"cifar\" or \"imagenet\", got \"" + network + "\"");
  }
  options.channels = config.get<int64_t>("channels", options.channels);
  options.layers = config.get<int64_t>("layers", options.layers);
  options.auxiliary = config.get<bool>("auxiliary", options.auxiliary);
  options.supernet_channels = config.get<int64_t>("supernet_channels", options.supernet_channels);
  options.supernet_layers = config.get<int64_t>("supernet_layers", options.supernet_layers);
  options.supernet_affine = config.get<bool>("supernet_affine", options.supernet_affine);
  options.supernet_track_running_stats =
      config.get<bool>("supernet_track_running_stats", options.supernet_track_running_stats);
  options.auxiliary_path = config.path("auxiliary");
  options.auxiliary_location = config.location("auxiliary");

  if (options.channels < 1) bad(config, "channels", "must be at least 1, got " + std::to_string(options.channels));
  if (options.network == NetworkKind::imagenet && options.channels % 2 != 0)
    bad(config, "channels",
        "must be even for the ImageNet network (its first cell factorizes the stem's C channels in halves), got " +
            std::to_string(options.channels));
  if (options.layers < 1) bad(config, "layers", "must be at least 1, got " + std::to_string(options.layers));
  if (options.supernet_channels < 1)
    bad(config, "supernet_channels", "must be at least 1, got " + std::to_string(options.supernet_channels));
  if (options.supernet_layers < 1)
    bad(config, "supernet_layers", "must be at least 1, got " + std::to_string(options.supernet_layers));
  return options;
}

}  // namespace naskernel::darts
