// Stand-alone training in parallel worker processes.
//
// Each architecture is trained by a child `naskernel standalone-worker`
// process with its own intra-op thread count: on small networks several
// single-threaded workers use the cores better than one multi-threaded
// process. Children re-read the resolved manifest, so nothing but a file
// path and an architecture string crosses the process boundary.
#pragma once

#include "standalone_training.h"

#include <filesystem>
#include <string>
#include <vector>

namespace naskernel {

// Trains `archs` (arch strings) with at most `workers` children at a time.
// Results come back in the order of `archs`. work_dir receives each
// worker's log; a failed worker's error names its architecture and log.
std::vector<StandaloneResult> train_in_workers(const std::filesystem::path& manifest_file,
                                               const std::vector<std::string>& archs, int workers,
                                               int threads_per_worker, const std::filesystem::path& work_dir);

// The child's side: `naskernel standalone-worker MANIFEST --arch A --output F`.
int standalone_worker_main(const std::filesystem::path& manifest_file, const std::string& arch,
                           const std::filesystem::path& output, int threads);

}  // namespace naskernel
