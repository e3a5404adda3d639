// The darts plugin's configuration keys.
#pragma once

#include <cstdint>
#include <string>

namespace naskernel {
class Config;
}

namespace naskernel::darts {

enum class NetworkKind { cifar, imagenet };

struct DartsOptions {
  // The stand-alone (evaluation) network: DARTS's NetworkCIFAR or
  // NetworkImageNet. Defaults follow the network: C=36, 20 cells (CIFAR);
  // C=48, 14 cells (ImageNet).
  NetworkKind network = NetworkKind::cifar;
  int64_t channels = 36;
  int64_t layers = 20;
  bool auxiliary = true;
  // The super-net: DARTS's search network (C=16, 8 cells). Its cells' BN has
  // no affine parameters (DARTS's affine=False) and, by default, always uses
  // batch statistics: they depend on the path, so running averages would mix
  // paths (the stem's BN is DARTS's, affine and tracked).
  int64_t supernet_channels = 16;
  int64_t supernet_layers = 8;
  bool supernet_affine = false;
  bool supernet_track_running_stats = false;
  // The key `auxiliary` as errors name it: its dotted path and, when known,
  // "file:line:col: " where it was set.
  std::string auxiliary_path = "auxiliary";
  std::string auxiliary_location;
};

// Reads the keys above; throws ConfigError naming the key on bad values.
DartsOptions read_options(const Config& config);

}  // namespace naskernel::darts
