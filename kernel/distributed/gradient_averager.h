// Data parallelism for the super-net: after backward, every rank holds the
// gradient of its shard of the global batch; the average over ranks is the
// gradient of the global batch's mean loss (shards are equal in size).
//
// Every rank runs the same path, which a small check all-reduce verifies
// (a signature of the path) before the gradients travel; the same message
// carries the ranks' stop requests, their task losses and which parameters
// have a gradient. Ranks can differ in the last: a regularizer may leave a
// term out where its gradient is exactly zero on this rank's shard (the
// landmark hinge of an ordered pair). Every parameter with a gradient on any
// rank is averaged, as zero where a rank has none, so all ranks end the step
// with the same gradients. The gradients travel in buckets of about
// `bucket_bytes`, per dtype and device.
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
  // DistributedError when the ranks' path signatures differ (their samplers
  // drifted apart).
  StepAgreement average(const std::vector<torch::Tensor>& parameters, bool stop, double task_loss,
                        int64_t path_signature);

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
