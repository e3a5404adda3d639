// The super-net evaluator: the task's primary metric (or its training loss)
// of an architecture's path on a fixed set of batches of one split
// (search_valid by default), without gradients.
//
// The batches are drawn once and kept on the device, so scoring hundreds of
// architectures (evolution, ranking evaluation) never reloads data. With the
// super-net's batch-statistics BN the score depends on batch composition,
// which is one more reason to keep the batches fixed.
#pragma once

#include "forward_pass.h"

#include <naskernel/search_space.h>
#include <naskernel/task.h>

#include <vector>

namespace naskernel {

// Scores on all of the evaluator's batches, and on its even- and its
// odd-numbered batches alone (empty with fewer than two batches): two
// independent halves whose disagreement measures the score's own noise.
struct SplitScores {
  std::vector<double> all, even, odd;
};

class Evaluator {
 public:
  enum class ScoreBy { metric, loss };

  // batches = 0 uses the whole split. With recalibration_batches = 0 a path
  // is scored in training mode, each batch norm using the evaluation batch's
  // own statistics; with k > 0, in evaluation mode after its batch norms'
  // running statistics were re-estimated on the first k search_train
  // batches (batch_norm_recalibration.h; the super-net must keep them).
  Evaluator(const Task& task, const SearchSpace& space, torch::Device device, int64_t batch_size, int64_t batches,
            Split split = Split::search_valid, ScoreBy score_by = ScoreBy::metric, int64_t recalibration_batches = 0,
            ForwardPass forward_pass = {});

  // The primary metric of each architecture; with ScoreBy::loss its mean
  // task loss, negated where the metric's higher is better, so that scores
  // keep the metric's direction.
  std::vector<double> score(SuperNet& supernet, const std::vector<Arch>& archs) const;
  // score() and the same on each half of the batches, from the same forward passes.
  SplitScores split_scores(SuperNet& supernet, const std::vector<Arch>& archs) const;
  // The task loss of each architecture, averaged over images: what a
  // regularizer comparing losses on these batches sees.
  std::vector<double> mean_loss(SuperNet& supernet, const std::vector<Arch>& archs) const;
  int64_t images_per_score() const { return images_; }
  // Whether split_scores gives halves: two batches or more.
  bool has_halves() const { return batches_.size() >= 2; }

 private:
  const Task& task_;
  const SearchSpace& space_;
  ScoreBy score_by_;
  ForwardPass forward_pass_;
  SplitScores split_metric(SuperNet& supernet, const std::vector<Arch>& archs) const;
  SplitScores split_mean_loss(SuperNet& supernet, const std::vector<Arch>& archs) const;

  std::vector<Batch> batches_;  // inputs already on the device
  std::vector<Batch> recalibration_batches_;
  int64_t images_ = 0;
};

// The primary metric of a plain network on the first `batches` batches of a
// split (0: all), in eval mode. Used for stand-alone networks.
double evaluate_network(StandaloneNet& net, const Task& task, Split split, torch::Device device,
                        int64_t batch_size, int64_t batches = 0);

}  // namespace naskernel
