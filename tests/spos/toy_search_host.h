// A Host over a tiny search space whose super-net "score" is a known
// function of the genes, recording every call the sampler makes.
#pragma once

#include <naskernel/host.h>

#include <functional>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace spos_test {

using namespace naskernel;

class ToySpace : public SearchSpace {
 public:
  // With merge_first_choices, choices 0 and 1 of gene 0 compute the same
  // function (like isomorphic cells) and share a canonical key.
  ToySpace(int genes, int choices, bool merge_first_choices = false) : merge_(merge_first_choices) {
    for (int g = 0; g < genes; ++g) {
      Gene gene{"g" + std::to_string(g), {}};
      for (int c = 0; c < choices; ++c) gene.choices.push_back("op" + std::to_string(c));
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
    if (merge_ && !key.genes.empty() && key.genes[0] == 1) key.genes[0] = 0;
    return format(key);
  }
  std::shared_ptr<SuperNet> make_supernet(const NetworkSpec&) const override {
    throw std::logic_error("the SPOS tests score architectures without a super-net");
  }
  std::shared_ptr<StandaloneNet> make_standalone(const Arch&, const NetworkSpec&) const override {
    throw std::logic_error("the SPOS sampler never trains stand-alone networks");
  }
  ModelCost cost(const Arch&, const NetworkSpec&) const override { return {}; }

 private:
  std::vector<Gene> genes_;
  bool merge_;
};

class ToySearchHost : public Host {
 public:
  ToySearchHost(ToySpace space, std::function<double(const Arch&)> score, bool higher_is_better, uint64_t seed)
      : space_(std::move(space)), score_(std::move(score)), higher_is_better_(higher_is_better), seed_(seed) {}

  torch::Device device() const override { return torch::kCPU; }
  Rng& rng(const std::string& stream) override {
    auto it = streams_.find(stream);
    if (it == streams_.end()) it = streams_.emplace(stream, Rng(Rng::derive(seed_, stream))).first;
    return it->second;
  }
  void log(LogLevel level, const std::string& message) override { messages.push_back({level, message}); }
  void record(const std::string&, double) override {}
  bool cancelled() const override { return cancel_after_score_calls >= 0 && static_cast<int>(score_calls.size()) >= cancel_after_score_calls; }
  const SearchSpace& space() const override { return space_; }
  const Task& task() const override { throw std::logic_error("the SPOS sampler never needs the task"); }
  SuperNet& supernet() override { throw std::logic_error("the SPOS sampler never touches the super-net"); }
  torch::Tensor path_loss(const Path&, const Batch&) override {
    throw std::logic_error("the SPOS sampler never computes path losses");
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
  int count_messages(LogLevel level, const std::string& containing) const {
    int count = 0;
    for (const auto& [l, text] : messages) count += l == level && text.find(containing) != std::string::npos;
    return count;
  }

  std::vector<std::vector<Arch>> score_calls;
  std::vector<std::pair<LogLevel, std::string>> messages;
  int cancel_after_score_calls = -1;  // cancelled() once this many score calls happened; -1: never

 private:
  ToySpace space_;
  std::function<double(const Arch&)> score_;
  bool higher_is_better_;
  uint64_t seed_;
  std::map<std::string, Rng> streams_;
  LandmarkSet landmarks_;
  Collectives collectives_;
};

}  // namespace spos_test
