// The super-net training loop. The kernel owns it; plugins only decide the
// path (sampler) and add loss terms (regularizers).
//
// One step: [architecture step, for samplers that learn one] → sampler gives
// a path → task loss on a search_train batch → each regularizer with a
// non-zero weight adds weight * loss on one shared search_landmark batch →
// backward → [gradients averaged over ranks] → gradient clipping →
// optimizer step → sampler's after-step hook.
//
// Multi-rank runs are data parallel: each rank trains on its shard of every
// global batch (supernet.batch_size), on the same path; batch norm keeps
// per-rank batch statistics. A stop request takes effect at a step boundary
// that every rank agrees on.
#pragma once

#include "batch_stream.h"

#include "../distributed/gradient_averager.h"
#include "recipes.h"
#include "search_host.h"

#include <naskernel/regularizer.h>
#include <naskernel/sampler.h>

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace naskernel {

// The loss became NaN or infinite; the run stops and keeps its last checkpoint.
class NonFiniteLoss : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct NamedRegularizer {
  std::string name;
  std::shared_ptr<Regularizer> regularizer;
};

struct EpochSummary {
  int epoch = 0;
  double loss = 0;             // mean task loss over the epoch's steps
  double lr = 0;               // at the epoch's last step
  double seconds = 0;
  std::map<std::string, double> values;  // regularizer weights and losses, sampler records
};

class SupernetTrainer {
 public:
  SupernetTrainer(const SupernetRecipe& recipe, int total_epochs, SearchHost& host, Sampler& sampler,
                  std::vector<NamedRegularizer> regularizers, uint64_t seed);

  // Trains epochs [epoch(), end_epoch). After each completed epoch calls
  // on_epoch_end. Returns false when cancelled mid-way (state is then at a
  // step boundary and can be checkpointed and resumed).
  bool train_until(int end_epoch, const std::function<void(const EpochSummary&)>& on_epoch_end);

  int epoch() const { return epoch_; }
  int64_t images() const { return images_; }
  int64_t steps_per_epoch() const { return steps_per_epoch_; }
  torch::optim::Optimizer& optimizer() { return *optimizer_; }
  std::vector<Regularizer*> regularizers() const;
  // Seconds spent averaging gradients over ranks (0 with one rank).
  double communication_seconds() const { return averager_.seconds(); }
  int64_t communicated_bytes() const { return averager_.bytes(); }

  nlohmann::json state() const;
  void restore(const nlohmann::json& state);

 private:
  double lr_at(int64_t step) const;
  std::string describe(const Path& path) const;  // "gene=choice ..." for messages
  bool run_step(double& loss_sum, std::map<std::string, double>& values);
  bool stop_requested() const;
  static int64_t path_signature(const Path& path);
  // Each value's mean over ranks (regularizer losses are per-rank).
  void average_over_ranks(std::map<std::string, double>& values);

  SupernetRecipe recipe_;
  int total_epochs_;
  SearchHost& host_;
  Sampler& sampler_;
  std::vector<NamedRegularizer> regularizers_;
  std::vector<torch::Tensor> parameters_;
  std::unique_ptr<torch::optim::Optimizer> optimizer_;
  GradientAverager averager_;
  BatchStream train_stream_;
  BatchStream landmark_stream_;
  int64_t steps_per_epoch_;

  int epoch_ = 0;              // next epoch to run
  int64_t step_ = 0;           // global step
  int64_t step_in_epoch_ = 0;  // steps done in the current epoch
  int64_t images_ = 0;
  double epoch_loss_sum_ = 0;  // carried across a mid-epoch resume
  bool agreed_stop_ = false;   // every rank's answer after the last step
};

}  // namespace naskernel
