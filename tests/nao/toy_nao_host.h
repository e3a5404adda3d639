// A Host over a small search space whose "super-net score" is a known
// function of the genes, so that the NAO sampler can be tested without a
// super-net. It keeps every score() call and record(), and its RNG streams
// can be saved and restored as the kernel's checkpoints do.
#pragma once

#include <naskernel/host.h>

#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace nao_test {

using namespace naskernel;

class ToySpace : public SearchSpace {
 public:
  struct Options {
    int genes = 6;
    int choices = 5;
    // Choices 0 and 1 of gene 0 compute the same function and share a
    // canonical key (like isomorphic cells).
    bool merge_first_choices = false;
    // Architectures whose first two genes both take the last choice are
    // invalid (like NB101's edge limit).
    bool forbid_last_pair = false;
  };

  explicit ToySpace(Options options) : options_(options) {
    for (int g = 0; g < options.genes; ++g) {
      Gene gene{"g" + std::to_string(g), {}};
      for (int c = 0; c < options.choices; ++c) gene.choices.push_back("op" + std::to_string(c));
      genes_.push_back(gene);
    }
  }
  std::string name() const override { return "toy"; }
  const std::vector<Gene>& genes() const override { return genes_; }
  std::string format(const Arch& arch) const override {
    std::string text;
    for (int g : arch.genes) text += std::to_string(g);
    return text;
  }
  Arch parse(const std::string& text) const override {
    Arch arch{name(), {}};
    for (char c : text) arch.genes.push_back(c - '0');
    return arch;
  }
  std::string canonical_key(const Arch& arch) const override {
    Arch key = arch;
    if (options_.merge_first_choices && key.genes.at(0) == 1) key.genes[0] = 0;
    return format(key);
  }
  std::string invalid_reason(const Arch& arch) const override {
    const int last = options_.choices - 1;
    if (options_.forbid_last_pair && arch.genes.at(0) == last && arch.genes.at(1) == last)
      return "genes 0 and 1 may not both take the last choice";
    return "";
  }
  std::shared_ptr<SuperNet> make_supernet(const NetworkSpec&) const override {
    throw std::logic_error("the NAO tests score architectures without a super-net");
  }
  std::shared_ptr<StandaloneNet> make_standalone(const Arch&, const NetworkSpec&) const override {
    throw std::logic_error("the NAO sampler never trains stand-alone networks");
  }
  ModelCost cost(const Arch&, const NetworkSpec&) const override { return {}; }

 private:
  Options options_;
  std::vector<Gene> genes_;
};

class ToyNaoHost : public Host {
 public:
  ToyNaoHost(ToySpace space, std::function<double(const Arch&)> score, bool higher_is_better, uint64_t seed)
      : space_(std::move(space)), score_(std::move(score)), higher_is_better_(higher_is_better), seed_(seed) {}

  torch::Device device() const override { return torch::kCPU; }
  Rng& rng(const std::string& stream) override {
    auto it = streams_.find(stream);
    if (it == streams_.end()) it = streams_.emplace(stream, Rng(Rng::derive(seed_, stream))).first;
    return it->second;
  }
  void log(LogLevel level, const std::string& message) override { messages.push_back({level, message}); }
  void record(const std::string& name, double value) override { records[name].push_back(value); }
  bool cancelled() const override { return false; }
  const SearchSpace& space() const override { return space_; }
  const Task& task() const override { throw std::logic_error("the NAO sampler never needs the task"); }
  SuperNet& supernet() override { throw std::logic_error("the NAO sampler never touches the super-net"); }
  torch::Tensor path_loss(const Path&, const Batch&) override {
    throw std::logic_error("the NAO sampler never computes path losses");
  }
  std::vector<double> score(const std::vector<Arch>& archs) override {
    score_calls.push_back(archs);
    std::vector<double> scores;
    for (const auto& arch : archs) scores.push_back(score_(arch));
    return scores;
  }
  bool higher_is_better() const override { return higher_is_better_; }
  const LandmarkSet& landmarks() const override { return landmarks_; }
  std::optional<double> known_ground_truth(const Arch&) override { return std::nullopt; }
  Collectives& collectives() override { return collectives_; }

  double true_score(const Arch& arch) const { return score_(arch); }

  // What a checkpoint holds of the host: every stream's state.
  std::map<std::string, std::string> rng_state() const {
    std::map<std::string, std::string> state;
    for (const auto& [name, stream] : streams_) state[name] = stream.state();
    return state;
  }
  void restore_rng_state(const std::map<std::string, std::string>& state) {
    for (const auto& [name, value] : state) rng(name).set_state(value);
  }

  std::vector<std::vector<Arch>> score_calls;
  std::vector<std::pair<LogLevel, std::string>> messages;
  std::map<std::string, std::vector<double>> records;

 private:
  ToySpace space_;
  std::function<double(const Arch&)> score_;
  bool higher_is_better_;
  uint64_t seed_;
  std::map<std::string, Rng> streams_;
  LandmarkSet landmarks_;
  Collectives collectives_;
};

}  // namespace nao_test
