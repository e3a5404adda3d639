// The super-net evaluator: the task's primary metric (or its training loss)
// of an architecture's path on a fixed set of batches of one split
// (search_valid by default), without gradients.
//
// The batches are drawn once and kept on the device, so scoring hundreds of
// architectures (evolution, ranking evaluation) never reloads data. With the
// super-net's batch-statistics BN the score depends on batch composition,
// which is one more reason to keep the batches fixed.
#pragma once

#include <naskernel/search_space.h>
#include <naskernel/task.h>

#include <vector>

namespace naskernel {

class Evaluator {
 public:
  enum class ScoreBy { metric, loss };

  // batches = 0 uses the whole split.
  Evaluator(const Task& task, const SearchSpace& space, torch::Device device, int64_t batch_size, int64_t batches,
            Split split = Split::search_valid, ScoreBy score_by = ScoreBy::metric);

  // The primary metric of each architecture; with ScoreBy::loss its mean
  // task loss, negated where the metric's higher is better, so that scores
  // keep the metric's direction.
  std::vector<double> score(SuperNet& supernet, const std::vector<Arch>& archs) const;
  // The task loss of each architecture, averaged over images: what a
  // regularizer comparing losses on these batches sees.
  std::vector<double> mean_loss(SuperNet& supernet, const std::vector<Arch>& archs) const;
  int64_t images_per_score() const { return images_; }

 private:
  const Task& task_;
  const SearchSpace& space_;
  ScoreBy score_by_;
  std::vector<Batch> batches_;  // inputs already on the device
  int64_t images_ = 0;
};

// The primary metric of a plain network on the first `batches` batches of a
// split (0: all), in eval mode. Used for stand-alone networks.
double evaluate_network(StandaloneNet& net, const Task& task, Split split, torch::Device device,
                        int64_t batch_size, int64_t batches = 0);

}  // namespace naskernel
