#include "kernel/host/manifest_plugins.h"

#include "kernel/host/manifest.h"

#include <naskernel/errors.h>

namespace naskernel {

std::vector<PluginSection> plugin_sections(const Manifest& manifest) {
  std::vector<PluginSection> sections;
  for (const char* kind : {"task", "search_space", "sampler"})
    if (manifest.root().contains(kind)) sections.push_back({kind, kind});
  if (const toml::node* regularizers = manifest.root().get("regularizers")) {
    const auto* list = regularizers->as_array();
    if (!list)
      throw ConfigError(manifest.origin("regularizers") +
                        ": `regularizers` must be an array of tables ([[regularizers]] blocks, or [] for none)");
    for (size_t i = 0; i < list->size(); ++i)
      sections.push_back({"regularizer", "regularizers[" + std::to_string(i) + "]"});
  }
  return sections;
}

}  // namespace naskernel
