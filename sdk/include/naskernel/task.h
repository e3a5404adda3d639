// Task plugins: data, what the network must output, the loss and the metrics.
#pragma once

#include <naskernel/rng.h>
#include <naskernel/search_space.h>

#include <torch/torch.h>

#include <cstdint>
#include <memory>
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
  torch::Tensor input;   // float, [B, C, H, W]
  torch::Tensor target;  // task-specific (labels; a depth map with its mask)
  int64_t size() const { return input.defined() ? input.size(0) : 0; }
  Batch to(torch::Device device) const {
    return Batch{input.to(device), target.defined() ? target.to(device) : target};
  }
};

struct MetricSpec {
  std::string name;       // e.g. "top1" (percent), "ssi_loss"
  bool higher_is_better;  // direction used by ranking, proposals and ground truth
};

// Collects one network's outputs over many batches and aggregates them as
// the task defines each metric (a mean of per-sample values, or a
// data-set-level figure). One accumulator per network and data set.
class MetricAccumulator {
 public:
  virtual ~MetricAccumulator() = default;
  virtual void add(const torch::Tensor& output, const Batch& batch) = 0;
  // One value per Task::metrics(), in that order; requires at least one add().
  virtual std::vector<double> values() const = 0;
};

class Task {
 public:
  virtual ~Task() = default;

  // Inputs and the output the network must produce, from the configuration
  // alone, so that `inspect` and `validate` never touch the data files.
  virtual NetworkSpec network() const = 0;

  // Reads the data into memory and draws the splits; `seed` fixes the splits.
  virtual void load(uint64_t seed) = 0;
  virtual int64_t size(Split split) const = 0;

  // The samples at `indices` (int64), on the CPU. When `augment` is non-null
  // and the split has augmentation enabled, random transforms draw from it.
  virtual Batch batch(Split split, const torch::Tensor& indices, Rng* augment) const = 0;

  // The training loss of a batch (a scalar with the graph kept). Options
  // such as label smoothing are the task's own keys.
  virtual torch::Tensor loss(const torch::Tensor& output, const Batch& batch) const = 0;

  // The first metric is the primary one (ranking, ground truth).
  virtual std::vector<MetricSpec> metrics() const = 0;
  virtual std::unique_ptr<MetricAccumulator> accumulator() const = 0;

  // Stable text identifying the data and its options; part of ground-truth keys.
  virtual std::string fingerprint() const = 0;

  // Checks, without reading them, that the files load() will read are
  // there (data roots, split files); throws DataError naming the key and
  // the path. `validate` calls it so that a run does not fail late. The
  // default has nothing to check (generated data). Since SDK 2.1.0: the
  // host calls it only on plugins built with 2.1.0 or later, whose vtables
  // have this slot.
  virtual void check_data() const {}
};

}  // namespace naskernel
