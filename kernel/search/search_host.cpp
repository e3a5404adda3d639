#include "search_host.h"

#include "../host/cancellation.h"

#include <spdlog/spdlog.h>

#include <limits>

namespace naskernel {

SearchHost::SearchHost(uint64_t seed, torch::Device device, const SearchSpace& space, const Task& task,
                       std::shared_ptr<SuperNet> supernet, const Evaluator& evaluator, GroundTruthLookup ground_truth,
                       Collectives& collectives, ForwardPass forward_pass)
    : seed_(seed),
      device_(device),
      space_(space),
      task_(task),
      supernet_(std::move(supernet)),
      evaluator_(evaluator),
      ground_truth_(std::move(ground_truth)),
      collectives_(collectives),
      higher_is_better_(task.metrics().at(0).higher_is_better),
      forward_pass_(forward_pass) {
  landmarks_.higher_is_better = higher_is_better_;
}

Rng& SearchHost::rng(const std::string& stream) {
  auto it = streams_.find(stream);
  if (it == streams_.end()) {
    const bool per_rank = collectives_.world_size() > 1 && stream.rfind("augment.", 0) == 0;
    const std::string name = per_rank ? stream + "#rank" + std::to_string(collectives_.rank()) : stream;
    it = streams_.emplace(stream, Rng(Rng::derive(seed_, name))).first;
  }
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

bool SearchHost::stop_requested_here() const { return cancellation_requested(); }

bool SearchHost::cancelled() const {
  return collectives_.world_size() > 1 ? agreed_stop_ : cancellation_requested();
}

torch::Tensor SearchHost::path_loss(const Path& path, const Batch& batch) {
  const Batch on_device = batch.to(device_);
  return task_.loss(forward_in(forward_pass_, *supernet_, on_device.input, path), on_device);
}

std::vector<double> SearchHost::score(const std::vector<Arch>& archs) { return split_scores(archs).all; }

SplitScores SearchHost::split_scores(const std::vector<Arch>& archs) {
  scored_images_ += evaluator_.images_per_score() * static_cast<int64_t>(archs.size());
  const int world = collectives_.world_size();
  if (world == 1) return evaluator_.split_scores(*supernet_, archs);
  // Rank r scores archs r, r + W, r + 2W, ...; an architecture's score does
  // not depend on which others are scored, so this equals one rank's result.
  const int rank = collectives_.rank();
  const int64_t n = static_cast<int64_t>(archs.size());
  const int64_t per_rank = (n + world - 1) / world;
  std::vector<Arch> mine;
  for (int64_t i = rank; i < n; i += world) mine.push_back(archs[static_cast<size_t>(i)]);
  const SplitScores local = evaluator_.split_scores(*supernet_, mine);
  const bool halves = evaluator_.has_halves();
  const int64_t parts = halves ? 3 : 1;  // all, even, odd per architecture
  auto padded = torch::full({std::max<int64_t>(per_rank, 1), parts}, std::numeric_limits<double>::quiet_NaN(),
                            torch::kFloat64);
  for (size_t j = 0; j < local.all.size(); ++j) {
    const auto row = static_cast<int64_t>(j);
    padded[row][0] = local.all[j];
    if (halves) padded[row][1] = local.even[j], padded[row][2] = local.odd[j];
  }
  const auto gathered = collectives_.all_gather(padded);
  SplitScores scores;
  for (int64_t i = 0; i < n; ++i) {
    const auto row = gathered[i % world][i / world];
    scores.all.push_back(row[0].item<double>());
    if (halves) scores.even.push_back(row[1].item<double>()), scores.odd.push_back(row[2].item<double>());
  }
  return scores;
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
