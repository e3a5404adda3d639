#include "landmark_regularizer.h"

#include <naskernel/errors.h>

#include <cmath>
#include <map>
#include <sstream>
#include <stdexcept>

namespace naskernel::landmark {

LandmarkRegularizer::LandmarkRegularizer(const Config& config)
    : ranking_loss_(RankingLoss::from_config(config)), schedule_(LandmarkWeightSchedule::from_config(config)) {
  const int64_t pairs = config.get<int64_t>("pairs", 1);
  if (pairs < 1 || pairs > 1000000)
    throw ConfigError(config.location("pairs") + "key `" + config.path("pairs") + "` must be at least 1, got " +
                      std::to_string(pairs));
  pairs_ = static_cast<int>(pairs);
  const int64_t every = config.get<int64_t>("every", 1);
  if (every < 1 || every > 1000000)
    throw ConfigError(config.location("every") + "key `" + config.path("every") + "` must be at least 1, got " +
                      std::to_string(every));
  every_ = every;
}

std::vector<KeySpec> LandmarkRegularizer::keys() {
  return {{"pairs", "integer", "1", "P: landmark pairs ranked per step"},
          {"every", "integer", "1",
           "k: rank landmarks on every k-th step only, loss times k (k > 1 changes the method; 1 = the paper's)"},
          {"formulation", "string", "\"hinge\"", "hinge | softplus | logistic: the pairwise ranking loss"},
          {"margin", "float", "0", "margin m: penalise L(better) - L(worse) + m"},
          {"beta", "float", "1", "softplus sharpness (formulation = \"softplus\" only)"},
          {"schedule", "string", "\"cosine\"", "cosine | constant | step | cosine_decrease: the weight schedule"},
          {"lambda", "float", "10", "final weight lambda"},
          {"warmup_epochs", "integer", "", "E_w: epochs with weight 0 (or warmup_fraction)"},
          {"warmup_fraction", "float", "0.25", "E_w as a fraction of the search's epochs"},
          {"ramp_epochs", "integer", "0", "epochs of linear ramp (schedule = \"constant\")"},
          {"steps", "integer", "4", "number of steps (schedule = \"step\")"}};
}

void LandmarkRegularizer::attach(Host& host) { host_ = &host; }

Host& LandmarkRegularizer::host() const {
  if (!host_) throw std::logic_error("landmark regularizer used before attach()");
  return *host_;
}

double LandmarkRegularizer::weight(int epoch, int total_epochs) const {
  return schedule_.weight(epoch, total_epochs);
}

const LandmarkPairSampler& LandmarkRegularizer::pair_sampler(const LandmarkSet& landmarks) {
  std::vector<double> ground_truths;
  ground_truths.reserve(landmarks.items.size());
  for (const auto& landmark : landmarks.items) {
    if (!std::isfinite(landmark.ground_truth))
      throw DataError("landmark " + host().space().format(landmark.arch) + " has a non-finite ground truth (" +
                      std::to_string(landmark.ground_truth) + ")");
    ground_truths.push_back(landmark.ground_truth);
  }
  if (!sampler_ || ground_truths != sampler_ground_truths_ ||
      landmarks.higher_is_better != sampler_higher_is_better_) {
    sampler_.emplace(ground_truths, landmarks.higher_is_better);
    sampler_ground_truths_ = std::move(ground_truths);
    sampler_higher_is_better_ = landmarks.higher_is_better;
    warned_for_this_set_ = false;
  }
  return *sampler_;
}

torch::Tensor LandmarkRegularizer::loss(const StepInfo& step, const Batch& landmark_batch) {
  Host& h = host();
  // every = k: the steps in between add nothing and run no landmark path;
  // the ranked steps weigh k times, so the expected gradient per step is
  // the same as ranking every step.
  if (step.step % every_ != 0) return torch::zeros({}, torch::TensorOptions().device(h.device()));
  const LandmarkSet& landmarks = h.landmarks();
  const LandmarkPairSampler& sampler = pair_sampler(landmarks);

  if (sampler.valid_pairs() == 0) {
    if (!warned_for_this_set_) {
      std::ostringstream message;
      message << "landmark regularizer: the " << landmarks.items.size()
              << " landmarks have fewer than two distinct ground-truth values, so no pair can be ranked and the "
                 "landmark loss is zero";
      h.log(LogLevel::warn, message.str());
      warned_for_this_set_ = true;
    }
    return torch::zeros({}, torch::TensorOptions().device(h.device()));
  }

  Rng& rng = h.rng("regularizer.landmark.pairs");
  std::map<size_t, torch::Tensor> path_losses;  // per landmark index, this step
  auto path_loss = [&](size_t index) {
    auto it = path_losses.find(index);
    if (it != path_losses.end()) return it->second;
    torch::Tensor value = h.path_loss(h.space().path(landmarks.items[index].arch), landmark_batch);
    if (value.numel() != 1)
      throw std::logic_error("path_loss returned a tensor of " + std::to_string(value.numel()) +
                             " elements, expected a scalar");
    value = value.reshape({});
    path_losses.emplace(index, value);
    return value;
  };

  // A hinge term that is exactly zero (the pair already ordered by at least
  // the margin) has an exactly zero gradient, so it is left out of the
  // graph: the step then skips the backward pass through those landmark
  // paths, with the same value and the same gradients.
  const bool hinge = ranking_loss_.formulation == RankingFormulation::hinge;
  torch::Tensor total;
  for (int p = 0; p < pairs_; ++p) {
    const LandmarkPairSampler::Pair pair = sampler.sample(rng);
    const torch::Tensor better = path_loss(pair.better);
    const torch::Tensor worse = path_loss(pair.worse);
    const torch::Tensor term = ranking_loss_(better, worse);
    if (hinge && term.item<double>() == 0.0) continue;
    total = total.defined() ? total + term : term;
  }
  if (!total.defined()) return torch::zeros({}, torch::TensorOptions().device(h.device()));
  return every_ == 1 ? total : total * static_cast<double>(every_);
}

}  // namespace naskernel::landmark
