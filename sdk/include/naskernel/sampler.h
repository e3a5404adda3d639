// Sampler plugins: which path each training step uses, what architecture
// state is learned, and which architectures are proposed at the end.
//
// One super-net step, as the kernel runs it:
//   1. when wants_architecture_step(step): architecture_step(step, batch)
//      with a search_landmark batch. The sampler computes its own loss
//      (host.path_loss), zeroes and steps its own parameters. Afterwards the
//      host resets every super-net gradient, so an architecture step never
//      moves super-net weights.
//   2. training_path(step); the host resets super-net gradients, computes
//      the task loss on a search_train batch plus the regularizers' terms,
//      backpropagates, clips and steps the super-net optimizer. The backward
//      reaches whatever path.weights depend on: a sampler whose weights
//      carry its parameters must zero their gradients before its own next
//      backward (or return detached weights for weight steps).
//   3. after_step(step, task loss).
// After each epoch: on_epoch_end(epoch, total_epochs). After each pipeline
// iteration and at the end: propose(k).
//
// How the first-party samplers map onto the hooks:
//  * spos: training_path() draws a uniform valid architecture from
//    host.rng("sampler.path"); propose() runs aging evolution (population
//    50, tournament 10, one-gene mutation) on host.score().
//  * gdas: owns architecture logits (one row per path gene) and their Adam
//    optimizer, saved in save(). training_path() draws a hard Gumbel-softmax
//    sample per gene; architecture_step() does the same with straight-through
//    weights and steps the logits on a search_landmark batch. propose()
//    returns the derived (argmax) architecture first, then the most probable
//    others ranked by host.score().
//  * nao: keeps an encoder/predictor/decoder controller; on_epoch_end()
//    retrains it periodically on (arch, host.score(arch)) pairs of its pool
//    and grows the pool by latent-space gradient steps; training_path()
//    samples from the pool; propose() ranks the pool by host.score().
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

  // Samplers that learn architecture parameters return true for the steps
  // that should be preceded by an architecture step.
  virtual bool wants_architecture_step(const StepInfo& /*step*/) const { return false; }
  virtual void architecture_step(const StepInfo& /*step*/, const Batch& /*landmark_batch*/) {}

  virtual void after_step(const StepInfo& /*step*/, double /*loss*/) {}
  // `epoch` (0-based) of `total_epochs` has just finished.
  virtual void on_epoch_end(int /*epoch*/, int /*total_epochs*/) {}

  // The k best distinct (by canonical key) valid architectures by the
  // sampler's own search.
  virtual std::vector<Arch> propose(int k) = 0;

  // Everything needed to resume exactly (RNG streams are saved by the host).
  virtual void save(torch::serialize::OutputArchive& /*archive*/) const {}
  virtual void load(torch::serialize::InputArchive& /*archive*/) {}
};

}  // namespace naskernel
