// Creating a manifest's plugins from the registry.
#pragma once

#include "supernet_trainer.h"

#include <naskernel/sampler.h>
#include <naskernel/search_space.h>
#include <naskernel/task.h>

#include <memory>
#include <vector>

namespace naskernel {

class Manifest;
class PluginRegistry;

struct PluginSet {
  std::shared_ptr<Task> task;
  std::shared_ptr<SearchSpace> space;
  std::shared_ptr<Sampler> sampler;             // null unless with_search
  std::vector<NamedRegularizer> regularizers;   // empty unless with_search
};

// Always creates [task] and [search_space]; with_search adds [sampler] and
// every [[regularizers]] entry.
PluginSet create_plugins(const Manifest& manifest, const PluginRegistry& registry, bool with_search);

}  // namespace naskernel
