// Sampler plugins: which path each training step uses, what architecture
// state is learned, and which architectures are proposed at the end.
//
// How the three first-party samplers map onto the hooks:
//  * SPOS: training_path() draws a uniform architecture from
//    host.rng("sampler.path"); propose() runs aging evolution (population 50,
//    tournament 10, one-gene mutation) on host.score().
//  * GDAS: owns architecture logits and their optimizer (saved in save()).
//    training_path() draws a hard Gumbel-softmax sample per gene and returns
//    Path{arch, weights} where weights carry the straight-through gradient;
//    wants_architecture_step() is true, so before each weight step the host
//    calls architecture_step() with a search_landmark batch and the sampler
//    updates its logits through host.path_loss(). Landmark losses use plain
//    discrete paths. propose() returns the argmax architecture(s).
//  * NAO: keeps a controller (encoder/predictor/decoder). on_epoch_end()
//    trains it periodically on (arch, host.score(arch)) pairs and refreshes
//    a pool; training_path() samples from the pool; propose() ranks the
//    controller's candidates by host.score().
#pragma once

#include <naskernel/host.h>

#include <torch/torch.h>

#include <vector>

namespace naskernel {

class Sampler {
 public:
  virtual ~Sampler() = default;

  // Called once, after the super-net exists and before any other hook.
  virtual void attach(Host& host) = 0;

  // The path for one weight-training step.
  virtual Path training_path(const StepInfo& step) = 0;

  // Samplers that learn architecture parameters (GDAS) return true.
  virtual bool wants_architecture_step() const { return false; }
  // Called before each weight step when wants_architecture_step(); the host
  // zeroes super-net gradients afterwards.
  virtual void architecture_step(const StepInfo& /*step*/, const Batch& /*landmark_batch*/) {}

  virtual void after_step(const StepInfo& /*step*/, double /*loss*/) {}
  virtual void on_epoch_end(int /*epoch*/) {}

  // The k best distinct architectures by the sampler's own search.
  virtual std::vector<Arch> propose(int k) = 0;

  // Everything needed to resume exactly (RNG streams are saved by the host).
  virtual void save(torch::serialize::OutputArchive& /*archive*/) const {}
  virtual void load(torch::serialize::InputArchive& /*archive*/) {}
};

}  // namespace naskernel
