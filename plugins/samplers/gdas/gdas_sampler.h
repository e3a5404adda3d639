// GDAS (Dong & Yang, "Searching for a Robust Neural Architecture in Four GPU
// Hours", CVPR 2019): architecture logits alpha, one row per path gene, learned
// by gradient through a hard Gumbel-softmax sample, so that every super-net
// step runs a single op per gene.
//
// Keys: see keys() and README.md. RNG streams: "sampler.alpha_init" (the
// initial logits), "sampler.gumbel" (every Gumbel sample).
//
// Hooks:
//  * training_path(): a hard Gumbel sample with *undefined* weights (where
//    paths are architectures, invalid ones are drawn again). The
//    super-net optimizer never updates alpha, so weight steps build no graph
//    to it, and their backward cannot leave gradients on alpha.
//  * architecture_step(): a fresh hard Gumbel sample at the epoch's tau,
//    with straight-through weights (1 in value); alpha's gradients are
//    zeroed, the task loss of that path on the search_landmark batch is
//    backpropagated (averaged over ranks), and Adam steps alpha.
//  * propose(k): space.derive(softmax(alpha)) first, then the next most
//    probable distinct valid architectures, ranked by host.score().
#pragma once

#include "gdas_settings.h"

#include <naskernel/config.h>
#include <naskernel/key_spec.h>
#include <naskernel/sampler.h>

#include <torch/torch.h>

#include <memory>
#include <vector>

namespace naskernel::gdas {

class GdasSampler : public Sampler {
 public:
  explicit GdasSampler(const Config& config);
  static std::vector<KeySpec> keys();

  void attach(Host& host) override;
  Path training_path(const StepInfo& step) override;
  bool wants_architecture_step(const StepInfo& step) const override;
  void architecture_step(const StepInfo& step, const Batch& landmark_batch) override;
  void on_epoch_end(int epoch, int total_epochs) override;
  std::vector<Arch> propose(int k) override;
  void save(torch::serialize::OutputArchive& archive) const override;
  void load(torch::serialize::InputArchive& archive) override;

  const GdasSettings& settings() const { return settings_; }
  double tau(int epoch, int total_epochs) const { return settings_.tau.at(epoch, total_epochs); }

  // [path genes, most choices of any gene], on host.device(). Row g holds
  // gene g's logits in its first choices; the entries past them are padding,
  // stay exactly 0 (no gradient, no decay) and are masked out of every
  // softmax. After architecture_step() its grad holds that step's gradient.
  const torch::Tensor& alpha() const;
  // Mutable access for tests and tools (e.g. to set logits under NoGradGuard).
  torch::Tensor& alpha();
  const torch::Tensor& padding() const { return padding_; }
  torch::optim::Adam& optimizer();
  // softmax(alpha) per gene over its own choices.
  std::vector<std::vector<double>> probabilities() const;
  // Mean over genes of the entropy of softmax(alpha) (nats).
  double mean_entropy() const;

 private:
  Host& host() const;
  // Gumbel noise from "sampler.gumbel" whose hard sample is a valid path
  // (rejection sampling).
  torch::Tensor valid_gumbel_noise();
  static constexpr int kMaxInvalidDraws = 10000;
  torch::optim::AdamOptions adam_options() const;
  // The architecture that path `choices` stands for: derive() of one-hot rows
  // holding each chosen choice's probability.
  Arch arch_of_path(const std::vector<int>& choices, const std::vector<std::vector<double>>& probabilities) const;

  GdasSettings settings_;
  Host* host_ = nullptr;
  std::vector<int64_t> choice_counts_;
  torch::Tensor alpha_;
  torch::Tensor padding_;
  std::unique_ptr<torch::optim::Adam> optimizer_;
};

}  // namespace naskernel::gdas
