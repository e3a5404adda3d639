#include "nb101_options.h"

#include <naskernel/config.h>

namespace naskernel::nb101 {
namespace {

void check(bool ok, const Config& config, const std::string& key, const std::string& rule, const std::string& got) {
  if (!ok) throw ConfigError(config.location(key) + "key `" + config.path(key) + "` must be " + rule + ", got " + got);
}

}  // namespace

Nb101Options read_options(const Config& config) {
  Nb101Options o;
  o.stem_channels = config.get<int64_t>("stem_channels", o.stem_channels);
  o.stacks = config.get<int64_t>("stacks", o.stacks);
  o.cells_per_stack = config.get<int64_t>("cells_per_stack", o.cells_per_stack);
  o.supernet_stem_channels = config.get<int64_t>("supernet_stem_channels", o.supernet_stem_channels);
  o.supernet_channels = config.get<int64_t>("supernet_channels", o.supernet_channels);
  o.supernet_bn.affine = config.get<bool>("supernet_bn_affine", o.supernet_bn.affine);
  o.supernet_bn.track_running_stats =
      config.get<bool>("supernet_bn_track_running_stats", o.supernet_bn.track_running_stats);
  const double momentum = config.get<double>("bn_momentum", o.standalone_bn.momentum);
  o.standalone_bn.momentum = o.supernet_bn.momentum = momentum;
  o.mutation_rate = config.get<double>("mutation_rate", o.mutation_rate);

  // A cell's output is split among up to 5 vertices, each needing a channel.
  check(o.stem_channels >= 5, config, "stem_channels", "at least 5", std::to_string(o.stem_channels));
  check(o.supernet_channels >= 5, config, "supernet_channels", "at least 5", std::to_string(o.supernet_channels));
  check(o.supernet_stem_channels >= 1, config, "supernet_stem_channels", "at least 1",
        std::to_string(o.supernet_stem_channels));
  check(o.stacks >= 1, config, "stacks", "at least 1", std::to_string(o.stacks));
  check(o.cells_per_stack >= 1, config, "cells_per_stack", "at least 1", std::to_string(o.cells_per_stack));
  check(momentum > 0 && momentum <= 1, config, "bn_momentum", "in (0, 1]", std::to_string(momentum));
  check(o.mutation_rate > 0, config, "mutation_rate", "positive", std::to_string(o.mutation_rate));
  return o;
}

}  // namespace naskernel::nb101
