// Data parallelism for the super-net: after backward, every rank holds the
// gradient of its shard of the global batch; the average over ranks is the
// gradient of the global batch's mean loss (shards are equal in size).
//
// Only the parameters on the step's path have a gradient. Every rank runs
// the same path, so the set is the same; a small check all-reduce verifies
// that before the gradients travel, and carries the ranks' stop requests
// and task losses in the same message. The gradients then travel in
// buckets of about `bucket_bytes`, flattened per dtype.
#pragma once

#include <naskernel/host.h>

#include <cstdint>
#include <vector>

namespace naskernel {

struct StepAgreement {
  bool stop = false;     // some rank asked to stop after this step
  double task_loss = 0;  // the task loss averaged over ranks
};

class GradientAverager {
 public:
  explicit GradientAverager(Collectives& collectives, int64_t bucket_bytes = 32 << 20);

  // With one rank: returns {stop, task_loss} and touches nothing. Throws
  // DistributedError when the ranks' sets of gradients differ.
  StepAgreement average(const std::vector<torch::Tensor>& parameters, bool stop, double task_loss);

  // Seconds spent in collectives so far, and the gradient bytes each rank
  // contributed to them (for benchmarks and estimates).
  double seconds() const { return seconds_; }
  int64_t bytes() const { return bytes_; }

 private:
  Collectives& collectives_;
  int64_t bucket_bytes_;
  double seconds_ = 0;
  int64_t bytes_ = 0;
};

// Batch-norm running statistics (and any other floating-point buffer) drift
// apart when each rank sees its own shard: their mean over ranks, in place,
// so that every rank scores and checkpoints the same super-net.
void average_floating_buffers(Collectives& collectives, const std::vector<torch::Tensor>& buffers);

}  // namespace naskernel
