// The memory-bound operations of a training step, each timed alone at the
// step's largest activation map: a copy (what the memory moves per second),
// an add (a node's sum, or one accumulation of gradients), ReLU forward and
// backward, and batch norm in training mode forward and backward, both
// LibTorch's and the SDK's batch-statistics norm (what the super-nets use
// when their batch norms keep no running statistics and no affine
// parameters, the default). The
// convolution ceiling bounds what faster arithmetic could gain; these show
// what the other operations cost when each runs alone at the memory's
// speed, so only fusing them (fewer passes over the map) would make a step
// cheaper there.
#pragma once

#include "bench/convolution_ceiling.h"

#include <c10/core/MemoryFormat.h>

#include <cstdint>
#include <map>
#include <vector>

namespace naskernel::bench {

struct MemoryBoundTimes {
  std::vector<int64_t> shape;                          // N, C, H, W
  // Seconds per call, medians; relu and the norms: forward + backward.
  double copy = 0, add = 0, relu = 0, batch_norm = 0, batch_statistics_norm = 0;
  // Bytes the copy reads and writes per second.
  double copy_gigabytes_per_second() const;
};

// N x (the largest per-image input of the recorded convolutions), the map
// a step's element-wise work is largest on; empty without convolutions.
std::vector<int64_t> largest_activation_map(const std::map<ConvolutionProblem, int64_t>& calls, int64_t batch);

// Times each operation on random fp32 data of `shape` in `format`, on the
// current threads: median of `reps` after a warm-up.
MemoryBoundTimes time_memory_bound_operations(const std::vector<int64_t>& shape, c10::MemoryFormat format,
                                              int64_t reps);

}  // namespace naskernel::bench
