// Landmark regularization (Yu, Ranftl, Salzmann, CVPR 2021): a ranking loss
// that makes the super-net order pairs of landmark architectures as their
// ground truth does.
//
// Each step draws `pairs` landmark pairs uniformly among the unordered pairs
// with different ground truth (LandmarkPairSampler), evaluates both paths on
// the same search_landmark batch with their graphs kept, and returns the sum
// of RankingLoss over the pairs; the host multiplies it by weight(), which
// follows LandmarkWeightSchedule. A landmark drawn twice in one step is
// evaluated once.
//
// `every = k` (default 1, the paper's method) ranks pairs only on the steps
// whose global index is a multiple of k and multiplies their loss by k: the
// same expected gradient per step for k times fewer landmark passes. It
// changes the method, so it is off by default.
//
// Manifest keys: `pairs` (default 1, >= 1), `every` (default 1, >= 1) and
// those of RankingLoss and LandmarkWeightSchedule. RNG stream:
// "regularizer.landmark.pairs" (drawn only on ranked steps).
#pragma once

#include "landmark_pair_sampler.h"
#include "landmark_weight_schedule.h"
#include "ranking_loss.h"

#include <naskernel/config.h>
#include <naskernel/key_spec.h>
#include <naskernel/regularizer.h>

#include <optional>
#include <vector>

namespace naskernel::landmark {

class LandmarkRegularizer : public Regularizer {
 public:
  explicit LandmarkRegularizer(const Config& config);
  static std::vector<KeySpec> keys();

  void attach(Host& host) override;
  double weight(int epoch, int total_epochs) const override;
  torch::Tensor loss(const StepInfo& step, const Batch& landmark_batch) override;

  int pairs() const { return pairs_; }
  int64_t every() const { return every_; }
  const RankingLoss& ranking_loss() const { return ranking_loss_; }
  const LandmarkWeightSchedule& schedule() const { return schedule_; }

  // No save()/load(): the pairs come from a host-checkpointed RNG stream and
  // the pair sampler is rebuilt from host.landmarks().

 private:
  Host& host() const;
  // The sampler for the current landmark set, rebuilt when the set changes
  // (the pipeline adds proposals after each iteration).
  const LandmarkPairSampler& pair_sampler(const LandmarkSet& landmarks);

  int pairs_ = 1;
  int64_t every_ = 1;
  RankingLoss ranking_loss_;
  LandmarkWeightSchedule schedule_;
  Host* host_ = nullptr;

  std::vector<double> sampler_ground_truths_;
  bool sampler_higher_is_better_ = true;
  std::optional<LandmarkPairSampler> sampler_;
  bool warned_for_this_set_ = false;
};

}  // namespace naskernel::landmark
