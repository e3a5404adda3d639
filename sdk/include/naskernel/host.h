// The services the host hands to samplers and regularizers.
//
// A plugin talks to the rest of a run only through this interface: it never
// reaches into another plugin. All of it is valid from attach() until the
// plugin is destroyed.
#pragma once

#include <naskernel/arch.h>
#include <naskernel/path.h>
#include <naskernel/rng.h>
#include <naskernel/search_space.h>
#include <naskernel/task.h>

#include <torch/torch.h>

#include <optional>
#include <string>
#include <vector>

namespace naskernel {

enum class LogLevel { debug, info, warn, error };

// An architecture whose stand-alone performance is known.
struct Landmark {
  Arch arch;
  double ground_truth;  // the task's primary metric
  int iteration;        // pipeline iteration that added it (1-based)
};

// Landmarks sorted from best to worst by ground truth.
struct LandmarkSet {
  std::vector<Landmark> items;
  bool higher_is_better = true;

  // True when a is strictly better than b; ties are neither.
  bool better(double a, double b) const { return higher_is_better ? a > b : a < b; }
};

// Where a training step is: passed to every per-step hook.
struct StepInfo {
  int epoch = 0;             // 0-based
  int total_epochs = 1;      // of the whole search, across pipeline iterations
  int64_t step = 0;          // global step
  int64_t step_in_epoch = 0;
  int64_t steps_per_epoch = 1;
  double lr = 0;
};

enum class ReduceOp { sum, mean, max };

// The processes of a distributed run. A single-process run has rank 0 of a
// world of 1, and every collective returns its input.
class Collectives {
 public:
  virtual ~Collectives() = default;
  virtual int rank() const { return 0; }
  virtual int world_size() const { return 1; }
  // In place, on every rank.
  virtual void all_reduce(torch::Tensor& /*tensor*/, ReduceOp /*op*/ = ReduceOp::sum) {}
  // In place: every rank receives `root`'s tensor (same shape everywhere).
  virtual void broadcast(torch::Tensor& /*tensor*/, int /*root*/ = 0) {}
  // Every rank's tensor (same shape everywhere), in rank order.
  virtual std::vector<torch::Tensor> all_gather(const torch::Tensor& tensor) { return {tensor}; }
};

class Host {
 public:
  virtual ~Host() = default;

  virtual torch::Device device() const = 0;

  // A seeded stream owned by the caller, e.g. rng("sampler.path"). Streams
  // are checkpointed by the host and are the same on every rank; never keep
  // another RNG of your own.
  virtual Rng& rng(const std::string& stream) = 0;

  virtual void log(LogLevel level, const std::string& message) = 0;
  // Appends `name = value` to this epoch's record in metrics.jsonl.
  virtual void record(const std::string& name, double value) = 0;
  // True once the user asked the run to stop (SIGINT/SIGTERM); long loops
  // inside a plugin should return early.
  virtual bool cancelled() const = 0;

  virtual const SearchSpace& space() const = 0;
  virtual const Task& task() const = 0;
  virtual SuperNet& supernet() = 0;

  // Super-net forward of `path` on `batch` (moved to the device) and the
  // task loss, with the graph kept so that callers can backpropagate.
  virtual torch::Tensor path_loss(const Path& path, const Batch& batch) = 0;

  // The evaluator: the task's primary metric of each architecture's path in
  // the super-net, on the fixed search_valid batches, without gradients.
  // Score many architectures in one call: the batches stay loaded.
  virtual std::vector<double> score(const std::vector<Arch>& archs) = 0;
  double score(const Arch& arch) { return score(std::vector<Arch>{arch}).front(); }
  // Direction of score() and of ground truth.
  virtual bool higher_is_better() const = 0;

  // The current landmark set (empty when no landmarks are configured).
  virtual const LandmarkSet& landmarks() const = 0;
  // Ground truth where already known (table or store); never trains.
  virtual std::optional<double> known_ground_truth(const Arch& arch) = 0;

  // Rank, world size and collectives, for plugin state that must agree
  // across the processes of a distributed run.
  virtual Collectives& collectives() = 0;
};

}  // namespace naskernel
