// `naskernel train MANIFEST --arch A...`: ground truth of given
// architectures through the manifest's provider (stand-alone training with
// the store, or the table), printed as a TSV.
#pragma once

#include <string>
#include <vector>

namespace naskernel {

class Manifest;
class PluginRegistry;

int standalone_command(const Manifest& manifest, const PluginRegistry& registry, const std::vector<std::string>& archs);

}  // namespace naskernel
