#include "plugin_set.h"

#include "../host/manifest.h"
#include "../host/plugin_registry.h"

#include <naskernel/errors.h>

namespace naskernel {

PluginSet create_plugins(const Manifest& manifest, const PluginRegistry& registry, bool with_search) {
  PluginSet set;
  set.task = registry.create_task(manifest.plugin_name("task"), manifest.plugin_config("task"));
  set.space = registry.create_search_space(manifest.plugin_name("search_space"), manifest.plugin_config("search_space"));
  if (!with_search) return set;
  set.sampler = registry.create_sampler(manifest.plugin_name("sampler"), manifest.plugin_config("sampler"));
  const toml::node* regularizers = manifest.root().get("regularizers");
  if (regularizers) {
    const toml::array* entries = regularizers->as_array();
    if (!entries)
      throw ConfigError(manifest.origin("regularizers") + ": key `regularizers` must be an array of tables ([[regularizers]])");
    for (size_t i = 0; i < entries->size(); ++i) {
      const std::string path = "regularizers[" + std::to_string(i) + "]";
      const std::string name = manifest.plugin_name(path);
      std::string label = name;
      for (const auto& existing : set.regularizers)
        if (existing.name == label) label = name + "#" + std::to_string(i);
      set.regularizers.push_back({label, registry.create_regularizer(name, manifest.plugin_config(path))});
    }
  }
  return set;
}

}  // namespace naskernel
