// The [run] section of a manifest: what every command needs before any
// plugin is created.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace naskernel {

class Manifest;

struct RunOptions {
  std::string name;                 // default: the manifest file's stem
  uint64_t seed = 0;                // derives every RNG stream of the run
  std::string device = "cpu";       // "cpu", "cuda" or "cuda:N"; checked against this machine
  int threads = 1;                  // LibTorch intra-op threads
  std::filesystem::path out_dir = "runs";
  // Multi-process runs (torchrun, srun): the c10d backend ("auto": NCCL on
  // CUDA, else Gloo) and how long any rank waits for the others.
  std::string backend = "auto";
  int timeout_s = 300;
  std::vector<std::filesystem::path> plugin_paths;  // absolute
};

// Reads and checks [run] (unknown keys, types, device availability).
RunOptions read_run_options(const Manifest& manifest);

// run.plugin_paths alone, each made absolute against the file that named
// it; reads nothing else, so plugin discovery works before other checks.
std::vector<std::filesystem::path> manifest_plugin_paths(const Manifest& manifest);

// Applies process-wide settings (LibTorch's intra-op thread count).
void apply_run_options(const RunOptions& options);

}  // namespace naskernel
