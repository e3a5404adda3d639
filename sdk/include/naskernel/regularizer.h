// Regularizer plugins: extra loss terms on the super-net with their own
// weight schedule.
//
// Each step the host asks weight(epoch); when it is non-zero it calls
// loss(step, landmark_batch) and adds weight * loss to the super-net loss
// before backward. The landmark regularizer reads host.landmarks() (ground
// truth, best first), samples pairs from host.rng("regularizer.NAME"),
// evaluates both landmarks' paths (host.space().path(arch)) with
// host.path_loss() on the given search_landmark
// batch (the same batch for both, graphs kept) and returns the ranking loss.
#pragma once

#include <naskernel/host.h>

#include <torch/torch.h>

namespace naskernel {

class Regularizer {
 public:
  virtual ~Regularizer() = default;

  virtual void attach(Host& host) = 0;

  // The weight at 0-based `epoch` of a search of `total_epochs` epochs.
  virtual double weight(int epoch, int total_epochs) const = 0;

  // The unweighted loss term (a scalar with graph).
  virtual torch::Tensor loss(const StepInfo& step, const Batch& landmark_batch) = 0;

  virtual void save(torch::serialize::OutputArchive& /*archive*/) const {}
  virtual void load(torch::serialize::InputArchive& /*archive*/) {}
};

}  // namespace naskernel
