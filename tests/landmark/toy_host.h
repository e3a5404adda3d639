// A small but real Host for the landmark regularizer tests: a search space of
// independent genes, and a "super-net" whose path output is a sum of one
// linear map per gene, selected by that gene's choice. Double precision
// throughout so that finite differences are meaningful.
#pragma once

#include <naskernel/host.h>

#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace landmark_test {

using namespace naskernel;

class ToySpace : public SearchSpace {
 public:
  ToySpace(int genes, int choices) {
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
  std::string canonical_key(const Arch& arch) const override { return format(arch); }
  std::shared_ptr<SuperNet> make_supernet(const NetworkSpec&) const override {
    throw std::logic_error("the landmark tests build their super-net directly");
  }
  std::shared_ptr<StandaloneNet> make_standalone(const Arch&, const NetworkSpec&) const override {
    throw std::logic_error("the landmark regularizer never trains stand-alone networks");
  }
  ModelCost cost(const Arch&, const NetworkSpec&) const override { return {}; }

 private:
  std::vector<Gene> genes_;
};

// out[b] = sum_g x[b] . weight[g][choice_g]
class ToySuperNet : public SuperNet {
 public:
  ToySuperNet(int genes, int choices, int features, uint64_t seed) {
    Rng rng(seed);
    weight = register_parameter("weight", torch::zeros({genes, choices, features}, torch::kDouble));
    torch::NoGradGuard no_grad;
    auto w = weight.accessor<double, 3>();
    for (int g = 0; g < genes; ++g)
      for (int c = 0; c < choices; ++c)
        for (int f = 0; f < features; ++f) w[g][c][f] = rng.normal();
  }
  torch::Tensor forward(const torch::Tensor& input, const Path& path) override {
    torch::Tensor out = torch::zeros({input.size(0)}, torch::kDouble);
    for (size_t g = 0; g < path.choices.size(); ++g)
      out = out + torch::mv(input, weight[static_cast<int64_t>(g)][path.choices[g]]);
    return out;
  }
  torch::Tensor weight;
};

class ToyHost : public Host {
 public:
  ToyHost(int genes, int choices, int features, uint64_t seed)
      : space_(genes, choices), net_(std::make_shared<ToySuperNet>(genes, choices, features, seed)), seed_(seed) {}

  torch::Device device() const override { return torch::kCPU; }
  Rng& rng(const std::string& stream) override {
    auto it = streams_.find(stream);
    if (it == streams_.end()) it = streams_.emplace(stream, Rng(Rng::derive(seed_, stream))).first;
    return it->second;
  }
  void log(LogLevel level, const std::string& message) override { messages.push_back({level, message}); }
  void record(const std::string&, double) override {}
  bool cancelled() const override { return false; }
  const SearchSpace& space() const override { return space_; }
  const Task& task() const override { throw std::logic_error("the landmark regularizer never needs the task"); }
  SuperNet& supernet() override { return *net_; }

  // Mean squared error of the path's output, with graph.
  torch::Tensor path_loss(const Path& path, const Batch& batch) override {
    calls.push_back({Arch{space_.name(), path.choices}, batch.input.data_ptr()});
    return torch::mse_loss(net_->forward(batch.input, path), batch.target);
  }
  std::vector<double> score(const std::vector<Arch>&) override {
    throw std::logic_error("the landmark regularizer never scores");
  }
  bool higher_is_better() const override { return landmarks_.higher_is_better; }
  const LandmarkSet& landmarks() const override { return landmarks_; }
  std::optional<double> known_ground_truth(const Arch&) override { return std::nullopt; }
  Collectives& collectives() override { return collectives_; }

  void set_landmarks(const std::vector<std::pair<std::string, double>>& items, bool higher_is_better) {
    landmarks_.items.clear();
    landmarks_.higher_is_better = higher_is_better;
    for (const auto& [text, ground_truth] : items) landmarks_.items.push_back({space_.parse(text), ground_truth, 1});
  }

  // A fixed batch of `size` samples.
  Batch make_batch(int size, int features) {
    Rng& data = rng("test.data");
    Batch batch{torch::zeros({size, features}, torch::kDouble), torch::zeros({size}, torch::kDouble)};
    auto x = batch.input.accessor<double, 2>();
    auto y = batch.target.accessor<double, 1>();
    for (int b = 0; b < size; ++b) {
      for (int f = 0; f < features; ++f) x[b][f] = data.normal();
      y[b] = data.normal();
    }
    return batch;
  }

  struct Call {
    Arch arch;
    const void* input;
  };
  std::vector<Call> calls;
  std::vector<std::pair<LogLevel, std::string>> messages;
  ToySuperNet& net() { return *net_; }

 private:
  ToySpace space_;
  std::shared_ptr<ToySuperNet> net_;
  uint64_t seed_;
  std::map<std::string, Rng> streams_;
  LandmarkSet landmarks_;
  Collectives collectives_;
};

}  // namespace landmark_test
