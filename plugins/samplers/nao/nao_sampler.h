// NAO as a weight-sharing sampler (Luo et al., "Neural Architecture
// Optimization", NeurIPS 2018, in its one-shot form): the super-net trains
// on uniform random paths during warm-up and on paths drawn uniformly from
// an architecture pool afterwards; every `controller_every` epochs from the
// end of warm-up the whole pool is scored by the super-net (one batched
// host.score call), the encoder/predictor/decoder controller is trained on
// the (architecture, score) pairs, and the pool grows by architectures
// decoded from latent codes of its best members moved up the predictor's
// gradient, plus random ones. propose(k) is the top-k of the pool by a
// fresh super-net score.
//
// Keys: see nao_settings.h (or `naskernel plugins --keys nao`).
// RNG streams: "sampler.path" (training paths), "sampler.pool" (random pool
// members), "sampler.controller" (controller initialisation, dropout,
// mini-batch order). save() holds the controller's parameters, its Adam
// state, the pool with its scores and the update counter, so a resumed run
// continues bitwise.
#pragma once

#include "arch_pool.h"
#include "arch_vocabulary.h"
#include "nao_controller.h"
#include "nao_settings.h"

#include <naskernel/config.h>
#include <naskernel/sampler.h>

#include <torch/torch.h>

#include <memory>
#include <optional>
#include <vector>

namespace naskernel::nao {

// What one controller update did, for logs, records and tests.
struct UpdateSummary {
  int64_t generation = 0;        // updates so far, this one included
  size_t scored = 0;             // pool members scored (all of them)
  ControllerLoss last_epoch;     // controller loss over its last training pass
  double pairwise_accuracy = 0;  // predictor vs. training targets, over ordered pairs
  double reconstructed = 0;      // fraction of the pool the decoder reproduces exactly
  int generated = 0;             // new architectures from latent steps
  int random = 0;                // new random architectures
  int invalid = 0;               // decoded architectures that the space rejected
  int rounds = 0;                // latent-step rounds used
  double controller_seconds = 0; // wall time of the controller training
  size_t pool_size = 0;          // after growth
};

class NaoSampler : public Sampler {
 public:
  explicit NaoSampler(const Config& config);
  static std::vector<KeySpec> keys() { return nao_keys(); }

  void attach(Host& host) override;
  Path training_path(const StepInfo& step) override;
  void on_epoch_end(int epoch, int total_epochs) override;
  std::vector<Arch> propose(int k) override;
  void save(torch::serialize::OutputArchive& archive) const override;
  void load(torch::serialize::InputArchive& archive) override;

  // True when on_epoch_end(epoch, ...) runs an update.
  bool update_due(int epoch) const;
  // One controller update: score the pool, train the controller, grow the pool.
  void update();

  const NaoSettings& settings() const { return settings_; }
  const ArchPool& pool() const { return pool_; }
  const ArchVocabulary& vocabulary() const;
  NaoController& controller();
  int64_t generation() const { return generation_; }
  const UpdateSummary& last_update() const { return last_update_; }
  // The pool members as controller tokens, int64 [N, L].
  torch::Tensor pool_tokens() const;

 private:
  Host& host() const;
  // Initialises the controller and draws the seed pool on first need, so
  // that nothing is drawn from the host's streams before they are restored.
  void ensure_started();
  int add_random(int count);
  void train_controller();
  void generate();
  torch::Tensor tokens_of(const std::vector<Arch>& archs) const;

  NaoSettings settings_;
  Host* host_ = nullptr;
  std::optional<ArchVocabulary> vocabulary_;
  NaoController controller_{nullptr};
  std::unique_ptr<torch::optim::Adam> optimizer_;
  ArchPool pool_;
  bool started_ = false;
  int64_t generation_ = 0;
  UpdateSummary last_update_;
};

}  // namespace naskernel::nao
