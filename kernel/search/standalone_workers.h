// Stand-alone training in parallel worker processes.
//
// Each (architecture, seed) job is trained by a child `naskernel
// standalone-worker` process with its own intra-op thread count: on small
// networks several single-threaded workers use the cores better than one
// multi-threaded process. Children re-read the resolved manifest, so nothing
// but a file path, an architecture string and a seed crosses the process
// boundary.
#pragma once

#include "standalone_training.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace naskernel {

// One stand-alone training: an arch string and the recipe seed it uses in
// place of standalone.seed (repeats of one architecture differ only here).
struct StandaloneJob {
  std::string arch;
  int64_t seed = 0;
};

// Trains `jobs` with at most `workers` children at a time, all in one pool
// (so the repeats of an architecture run in parallel too). Results come
// back in the order of `jobs`. work_dir receives each worker's log; a failed
// worker's error names its architecture, seed and log.
std::vector<StandaloneResult> train_in_workers(const std::filesystem::path& manifest_file,
                                               const std::vector<StandaloneJob>& jobs, int workers,
                                               int threads_per_worker, const std::filesystem::path& work_dir);

// The child's side: `naskernel standalone-worker MANIFEST --arch A --seed S
// --output F`. Without a seed (nullopt) the manifest's standalone.seed.
int standalone_worker_main(const std::filesystem::path& manifest_file, const std::string& arch,
                           std::optional<int64_t> seed, const std::filesystem::path& output, int threads);

}  // namespace naskernel
