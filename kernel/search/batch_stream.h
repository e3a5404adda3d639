// An endless, reproducible stream of batches over one split.
//
// Each pass over the split uses a permutation drawn from the run seed and the
// pass number, so the stream's whole state is (pass, position): cheap to
// checkpoint and exact to resume, mid-epoch included.
//
// In a multi-rank run every rank walks the same permutation and takes its
// shard, rank r of W taking the r-th of W equal parts of each global batch.
//
// With fixed_batches = k > 0 the stream repeats the first k batches of its
// first pass, in the same order, instead of walking the whole split.
#pragma once

#include <naskernel/task.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <vector>

namespace naskernel {

class BatchStream {
 public:
  // batch_size is the global batch; it must divide into `shards` equal parts.
  BatchStream(const Task& task, Split split, int64_t batch_size, uint64_t seed, bool shuffle = true, int shard = 0,
              int shards = 1, int64_t fixed_batches = 0);

  // Full batches per pass (a short tail is dropped so every step sees batch_size).
  int64_t batches_per_pass() const { return batches_per_pass_; }
  Split split() const { return split_; }

  Batch next(Rng* augment);

  nlohmann::json state() const;
  void restore(const nlohmann::json& state);

 private:
  void start_pass(int64_t pass);

  const Task& task_;
  Split split_;
  int64_t batch_size_;
  uint64_t seed_;
  bool shuffle_;
  int shard_;
  int shards_;
  bool fixed_;
  int64_t batches_per_pass_;
  int64_t pass_ = -1;
  int64_t position_ = 0;  // index of the next batch within the pass
  std::vector<int64_t> order_;
};

}  // namespace naskernel
