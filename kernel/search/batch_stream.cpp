#include "batch_stream.h"

#include <naskernel/errors.h>

#include <algorithm>
#include <numeric>
#include <string>

namespace naskernel {

BatchStream::BatchStream(const Task& task, Split split, int64_t batch_size, uint64_t seed, bool shuffle, int shard,
                         int shards, int64_t fixed_batches)
    : task_(task),
      split_(split),
      batch_size_(batch_size),
      seed_(seed),
      shuffle_(shuffle),
      shard_(shard),
      shards_(shards),
      fixed_(fixed_batches > 0) {
  const int64_t n = task.size(split);
  if (batch_size <= 0) throw UserError("batch size must be positive, got " + std::to_string(batch_size));
  // Small splits still yield one (short) batch rather than none.
  batches_per_pass_ = n >= batch_size ? n / batch_size : (n > 0 ? 1 : 0);
  if (batches_per_pass_ == 0)
    throw UserError(std::string("split ") + split_name(split) + " is empty; check the task's split fractions and subset sizes");
  if (fixed_) batches_per_pass_ = std::min(batches_per_pass_, fixed_batches);
  const int64_t global = std::min(batch_size, n);
  if (global % shards != 0)
    throw UserError("the batch size " + std::to_string(global) + (global < batch_size ? " (all of split " + std::string(split_name(split)) + ")" : std::string()) +
                    " is the global batch and must divide evenly over the " + std::to_string(shards) + " ranks");
}

void BatchStream::start_pass(int64_t pass) {
  const int64_t n = task_.size(split_);
  order_.resize(static_cast<size_t>(n));
  std::iota(order_.begin(), order_.end(), 0);
  if (shuffle_) {
    const int64_t permutation = fixed_ ? 0 : pass;  // fixed batches: every pass is the first
    Rng rng(Rng::derive(seed_, std::string("batches.") + split_name(split_) + "." + std::to_string(permutation)));
    for (int64_t i = n - 1; i > 0; --i) std::swap(order_[i], order_[rng.uniform_int(0, i)]);
  }
  pass_ = pass;
  position_ = 0;
}

Batch BatchStream::next(Rng* augment) {
  if (pass_ < 0 || position_ >= batches_per_pass_) start_pass(pass_ + 1);
  const int64_t n = static_cast<int64_t>(order_.size());
  const int64_t begin = position_ * batch_size_;
  const int64_t count = std::min(batch_size_, n - begin) / shards_;
  ++position_;
  auto indices = torch::from_blob(order_.data() + begin + shard_ * count, {count}, torch::kInt64).clone();
  return task_.batch(split_, indices, augment);
}

nlohmann::json BatchStream::state() const { return {{"pass", pass_}, {"position", position_}}; }

void BatchStream::restore(const nlohmann::json& state) {
  const int64_t pass = state.at("pass").get<int64_t>();
  const int64_t position = state.at("position").get<int64_t>();
  if (pass >= 0) start_pass(pass); else pass_ = -1;
  position_ = position;
}

}  // namespace naskernel
