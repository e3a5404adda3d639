#include "search_host.h"

#include "../host/cancellation.h"

#include <spdlog/spdlog.h>

namespace naskernel {

SearchHost::SearchHost(uint64_t seed, torch::Device device, const SearchSpace& space, const Task& task,
                       std::shared_ptr<SuperNet> supernet, const Evaluator& evaluator, GroundTruthLookup ground_truth,
                       Collectives& collectives)
    : seed_(seed),
      device_(device),
      space_(space),
      task_(task),
      supernet_(std::move(supernet)),
      evaluator_(evaluator),
      ground_truth_(std::move(ground_truth)),
      collectives_(collectives),
      higher_is_better_(task.metrics().at(0).higher_is_better) {
  landmarks_.higher_is_better = higher_is_better_;
}

Rng& SearchHost::rng(const std::string& stream) {
  auto it = streams_.find(stream);
  if (it == streams_.end()) it = streams_.emplace(stream, Rng(Rng::derive(seed_, stream))).first;
  return it->second;
}

void SearchHost::log(LogLevel level, const std::string& message) {
  switch (level) {
    case LogLevel::debug: spdlog::debug(message); break;
    case LogLevel::info: spdlog::info(message); break;
    case LogLevel::warn: spdlog::warn(message); break;
    case LogLevel::error: spdlog::error(message); break;
  }
}

void SearchHost::record(const std::string& name, double value) { records_[name] = value; }

bool SearchHost::cancelled() const { return cancellation_requested(); }

torch::Tensor SearchHost::path_loss(const Path& path, const Batch& batch) {
  const Batch on_device = batch.to(device_);
  return task_.loss(supernet_->forward(on_device.input, path), on_device);
}

std::vector<double> SearchHost::score(const std::vector<Arch>& archs) {
  scored_images_ += evaluator_.images_per_score() * static_cast<int64_t>(archs.size());
  return evaluator_.score(*supernet_, archs);
}

std::map<std::string, double> SearchHost::take_records() {
  std::map<std::string, double> out;
  out.swap(records_);
  return out;
}

nlohmann::json SearchHost::rng_state() const {
  nlohmann::json state = nlohmann::json::object();
  for (const auto& [name, rng] : streams_) state[name] = rng.state();
  return state;
}

void SearchHost::restore_rng_state(const nlohmann::json& state) {
  streams_.clear();
  for (const auto& [name, value] : state.items()) rng(name).set_state(value.get<std::string>());
}

}  // namespace naskernel
