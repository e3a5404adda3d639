// Entry points of a search run, called by the CLI (kernel/host/).
#pragma once

#include <filesystem>

namespace naskernel {

class Manifest;
class PluginRegistry;

struct RunSetup {
  const Manifest& manifest;        // fully resolved (includes and --set applied)
  const PluginRegistry& registry;  // plugins discovered for this manifest
  std::filesystem::path run_dir;   // exists; manifest.resolved.toml and log.txt already written
  bool resume = false;             // continue from run_dir/checkpoints
};

// Runs the manifest (search, stand-alone ground truth, study) and returns the
// process exit code. Throws UserError for bad input.
int run_manifest(const RunSetup& setup);

// Creates every plugin and reads every kernel section without running, so
// all configuration errors surface. Throws on the first error.
void validate_manifest(const Manifest& manifest, const PluginRegistry& registry);

}  // namespace naskernel
