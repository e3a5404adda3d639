// The plugin sections a manifest names, in creation order.
#pragma once

#include <string>
#include <vector>

namespace naskernel {

class Manifest;

struct PluginSection {
  std::string kind;  // "task", "search_space", "sampler", "regularizer"
  std::string path;  // "task", "regularizers[1]"
};

// task, search_space, sampler (those present) and every entry of
// `regularizers` (an array of tables).
std::vector<PluginSection> plugin_sections(const Manifest& manifest);

}  // namespace naskernel
