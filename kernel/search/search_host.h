// The kernel's implementation of the SDK's Host: what samplers and
// regularizers see of a running search.
#pragma once

#include "evaluator.h"
#include "forward_pass.h"

#include <naskernel/host.h>

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <memory>
#include <string>

namespace naskernel {

class SearchHost : public Host {
 public:
  using GroundTruthLookup = std::function<std::optional<double>(const Arch&)>;

  SearchHost(uint64_t seed, torch::Device device, const SearchSpace& space, const Task& task,
             std::shared_ptr<SuperNet> supernet, const Evaluator& evaluator, GroundTruthLookup ground_truth,
             Collectives& collectives, ForwardPass forward_pass = {});

  torch::Device device() const override { return device_; }
  // Streams named "augment.*" differ per rank in a multi-rank run (each
  // rank augments its own shard); every other stream is the same everywhere.
  Rng& rng(const std::string& stream) override;
  void log(LogLevel level, const std::string& message) override;
  void record(const std::string& name, double value) override;
  // In a multi-rank run, the stop request the ranks agreed on at the last
  // training step, so that every rank's plugins see the same answer.
  bool cancelled() const override;
  const SearchSpace& space() const override { return space_; }
  const Task& task() const override { return task_; }
  SuperNet& supernet() override { return *supernet_; }
  torch::Tensor path_loss(const Path& path, const Batch& batch) override;
  // In a multi-rank run each rank scores every world_size-th architecture and
  // the scores are gathered, so every rank returns the same vector.
  std::vector<double> score(const std::vector<Arch>& archs) override;
  using Host::score;
  bool higher_is_better() const override { return higher_is_better_; }
  const LandmarkSet& landmarks() const override { return landmarks_; }
  std::optional<double> known_ground_truth(const Arch& arch) override { return ground_truth_(arch); }
  Collectives& collectives() override { return collectives_; }

  // ---- kernel side ----
  // score() and each half of the evaluator's batches alone, spread over ranks as score() is.
  SplitScores split_scores(const std::vector<Arch>& archs);
  void set_landmarks(LandmarkSet landmarks) { landmarks_ = std::move(landmarks); }
  // This process's own stop request (SIGINT/SIGTERM), before the ranks agree.
  bool stop_requested_here() const;
  void set_agreed_stop(bool stop) { agreed_stop_ = stop; }
  // Values recorded since the last call (cleared).
  std::map<std::string, double> take_records();
  // Every stream's state, for checkpoints.
  nlohmann::json rng_state() const;
  void restore_rng_state(const nlohmann::json& state);
  int64_t scored_images() const { return scored_images_; }

 private:
  uint64_t seed_;
  torch::Device device_;
  const SearchSpace& space_;
  const Task& task_;
  std::shared_ptr<SuperNet> supernet_;
  const Evaluator& evaluator_;
  GroundTruthLookup ground_truth_;
  Collectives& collectives_;
  bool higher_is_better_;
  LandmarkSet landmarks_;
  std::map<std::string, Rng> streams_;
  std::map<std::string, double> records_;
  int64_t scored_images_ = 0;
  bool agreed_stop_ = false;
  ForwardPass forward_pass_;
};

}  // namespace naskernel
