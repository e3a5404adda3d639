// Task plugins: data, loss and metric.
#pragma once

#include <naskernel/rng.h>
#include <naskernel/search_space.h>

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

namespace naskernel {

// search_train feeds the super-net loss; search_landmark the landmark loss and
// architecture steps (disjoint from search_train); search_valid ranks
// architectures; train/test are for stand-alone training.
enum class Split { search_train, search_landmark, search_valid, train, test };

inline const char* split_name(Split split) {
  switch (split) {
    case Split::search_train: return "search_train";
    case Split::search_landmark: return "search_landmark";
    case Split::search_valid: return "search_valid";
    case Split::train: return "train";
    case Split::test: return "test";
  }
  return "?";
}

struct Batch {
  torch::Tensor input;   // float, [B, C, H, W], on the CPU
  torch::Tensor target;  // task-specific, on the CPU
  int64_t size() const { return input.defined() ? input.size(0) : 0; }
};

struct MetricSpec {
  std::string name;       // e.g. "top1" (percent)
  bool higher_is_better;  // direction used by ranking and proposals
};

struct LossOptions {
  double label_smoothing = 0;  // ignored by tasks without classes
};

class Task {
 public:
  virtual ~Task() = default;

  // Shapes come from the configuration alone, so `inspect` and `validate`
  // never touch the data files.
  virtual InputShape shape() const = 0;

  // Reads the data into memory and draws the splits; `seed` fixes the splits.
  virtual void load(uint64_t seed) = 0;
  virtual int64_t size(Split split) const = 0;

  // The samples at `indices` (int64). When `augment` is non-null and the
  // split has augmentation enabled, random transforms draw from it.
  virtual Batch batch(Split split, const torch::Tensor& indices, Rng* augment) const = 0;

  // Mean loss over the batch, with the graph kept.
  virtual torch::Tensor loss(const torch::Tensor& output, const Batch& batch, const LossOptions& options) const = 0;

  // The first metric is the primary one (ranking, ground truth).
  virtual std::vector<MetricSpec> metrics() const = 0;
  // Per metric, the sum over the batch's samples (the host divides by count).
  virtual std::vector<double> metric_sums(const torch::Tensor& output, const Batch& batch) const = 0;

  // Stable text identifying the data and its options; part of ground-truth keys.
  virtual std::string fingerprint() const = 0;
};

}  // namespace naskernel
