// A toy search world for the gdas sampler: a space whose genes are ops
// {zero, identity, conv3x3} on separate input channels, a super-net summing
// the chosen ops' outputs (each scaled by its path weight), and a Host whose
// path loss is the mean squared error against a target map.
#pragma once

#include <naskernel/host.h>

#include <torch/torch.h>

#include <functional>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace gdas_test {

using namespace naskernel;

// Gene g reads input channel g; its choices are a list drawn from
// {"zero", "identity", "conv3x3"}. An architecture whose every gene is
// "zero" is invalid (its output is constant).
class ToySpace : public SearchSpace {
 public:
  // With merge_nonzero_gene0, choices 1 and 2 of gene 0 share a canonical key
  // (as isomorphic cells would).
  explicit ToySpace(std::vector<std::vector<std::string>> choices, bool merge_nonzero_gene0 = false)
      : merge_(merge_nonzero_gene0) {
    for (size_t g = 0; g < choices.size(); ++g) genes_.push_back({"edge" + std::to_string(g), choices[g]});
  }
  std::string name() const override { return "toy"; }
  const std::vector<Gene>& genes() const override { return genes_; }
  std::string format(const Arch& arch) const override {
    std::string text;
    for (size_t g = 0; g < arch.genes.size(); ++g)
      text += (g ? "+" : "") + genes_[g].choices[static_cast<size_t>(arch.genes[g])];
    return text;
  }
  Arch parse(const std::string&) const override { throw std::logic_error("the gdas tests never parse"); }
  std::string canonical_key(const Arch& arch) const override {
    Arch key = arch;
    if (merge_ && key.genes[0] == 2) key.genes[0] = 1;
    return format(key);
  }
  std::string invalid_reason(const Arch& arch) const override {
    for (size_t g = 0; g < arch.genes.size(); ++g)
      if (genes_[g].choices[static_cast<size_t>(arch.genes[g])] != "zero") return "";
    return "every edge is zero";
  }
  std::shared_ptr<SuperNet> make_supernet(const NetworkSpec&) const override {
    throw std::logic_error("the toy host builds its super-net itself");
  }
  std::shared_ptr<StandaloneNet> make_standalone(const Arch&, const NetworkSpec&) const override {
    throw std::logic_error("the gdas sampler never trains stand-alone networks");
  }
  ModelCost cost(const Arch&, const NetworkSpec&) const override { return {}; }

 private:
  std::vector<Gene> genes_;
  bool merge_;
};

class ToySuperNet : public SuperNet {
 public:
  explicit ToySuperNet(const ToySpace& space) {
    for (size_t g = 0; g < space.genes().size(); ++g) {
      ops_.push_back(space.genes()[g].choices);
      convs_.push_back(register_module("conv" + std::to_string(g),
                                       torch::nn::Conv2d(torch::nn::Conv2dOptions(1, 1, 3).padding(1).bias(false))));
    }
    // A "head" every path shares, so that each path's loss has parameters.
    bias_ = register_parameter("bias", torch::zeros({1}));
  }

  torch::Tensor forward(const torch::Tensor& input, const Path& path) override {
    torch::Tensor out;
    for (size_t g = 0; g < ops_.size(); ++g) {
      const torch::Tensor x = input.narrow(1, static_cast<int64_t>(g), 1);
      const std::string& op = ops_[g][static_cast<size_t>(path.choices[g])];
      torch::Tensor y = op == "zero" ? x * 0 : op == "identity" ? x : convs_[g]->forward(x);
      if (path.weights.defined()) y = y * path.weights[static_cast<int64_t>(g)];
      out = out.defined() ? out + y : y;
    }
    return out + bias_;
  }

  // Convolutions that start as the zero map: trained from zero by plain
  // gradient descent, a conv under-fits its target all the way, so scaling
  // its output up always helps.
  void zero_convs() {
    torch::NoGradGuard no_grad;
    for (auto& conv : convs_) conv->weight.zero_();
  }

  // A copy of the same weights in double precision, for finite differences.
  std::shared_ptr<ToySuperNet> double_copy(const ToySpace& space) const {
    auto copy = std::make_shared<ToySuperNet>(space);
    torch::NoGradGuard no_grad;
    auto mine = parameters();
    auto theirs = copy->parameters();
    for (size_t i = 0; i < mine.size(); ++i) theirs[i].copy_(mine[i]);
    copy->to(torch::kDouble);
    return copy;
  }

 private:
  std::vector<std::vector<std::string>> ops_;
  std::vector<torch::nn::Conv2d> convs_;
  torch::Tensor bias_;
};

inline torch::Tensor toy_loss(const torch::Tensor& output, const Batch& batch) {
  return (output - batch.target).pow(2).mean();
}

class ToyHost : public Host {
 public:
  ToyHost(ToySpace space, uint64_t seed) : space_(std::move(space)), seed_(seed) {
    net_ = std::make_shared<ToySuperNet>(space_);
  }

  torch::Device device() const override { return torch::kCPU; }
  Rng& rng(const std::string& stream) override {
    auto it = streams_.find(stream);
    if (it == streams_.end()) it = streams_.emplace(stream, Rng(Rng::derive(seed_, stream))).first;
    return it->second;
  }
  void log(LogLevel level, const std::string& message) override { messages.push_back({level, message}); }
  void record(const std::string& name, double value) override { records.push_back({name, value}); }
  bool cancelled() const override { return false; }
  const SearchSpace& space() const override { return space_; }
  const Task& task() const override { throw std::logic_error("the gdas sampler never needs the task"); }
  SuperNet& supernet() override { return *net_; }
  torch::Tensor path_loss(const Path& path, const Batch& batch) override {
    ++path_losses;
    return toy_loss(net_->forward(batch.input, path), batch);
  }
  std::vector<double> score(const std::vector<Arch>& archs) override {
    score_calls.push_back(archs);
    std::vector<double> scores;
    for (const auto& arch : archs) {
      if (score_function) {
        scores.push_back(score_function(arch));
      } else {
        torch::NoGradGuard no_grad;
        scores.push_back(-toy_loss(net_->forward(valid_batch.input, space_.path(arch)), valid_batch).item<double>());
      }
    }
    return scores;
  }
  bool higher_is_better() const override { return higher_is_better_; }
  const LandmarkSet& landmarks() const override { return landmarks_; }
  std::optional<double> known_ground_truth(const Arch&) override { return std::nullopt; }
  Collectives& collectives() override { return collectives_; }

  ToySuperNet& net() { return *net_; }
  std::shared_ptr<ToySuperNet> net_pointer() { return net_; }
  const ToySpace& toy_space() const { return space_; }

  // The host's part of a checkpoint: every RNG stream's state.
  std::map<std::string, std::string> rng_states() const {
    std::map<std::string, std::string> states;
    for (const auto& [name, rng] : streams_) states[name] = rng.state();
    return states;
  }
  void restore_rng_states(const std::map<std::string, std::string>& states) {
    for (const auto& [name, state] : states) rng(name).set_state(state);
  }

  int count_messages(LogLevel level, const std::string& containing) const {
    int count = 0;
    for (const auto& [l, text] : messages) count += l == level && text.find(containing) != std::string::npos;
    return count;
  }

  std::function<double(const Arch&)> score_function;  // when set, replaces the super-net score
  bool higher_is_better_ = true;
  Batch valid_batch;
  std::vector<std::pair<LogLevel, std::string>> messages;
  std::vector<std::pair<std::string, double>> records;
  std::vector<std::vector<Arch>> score_calls;
  int path_losses = 0;

 private:
  ToySpace space_;
  uint64_t seed_;
  std::shared_ptr<ToySuperNet> net_;
  std::map<std::string, Rng> streams_;
  LandmarkSet landmarks_;
  Collectives collectives_;
};

// Inputs with one channel per gene and the target conv(channel 0) with a
// fixed Laplacian-like kernel: only a conv on gene 0 can fit it, and every
// other gene's best op is zero. Batches are fixed functions of their index.
class ToyData {
 public:
  ToyData(int64_t genes, int64_t samples, uint64_t seed) {
    torch::manual_seed(seed);
    inputs_ = torch::randn({samples, genes, 8, 8});
    const torch::Tensor kernel =
        torch::tensor({0.0f, 0.5f, 0.0f, 0.5f, -2.0f, 0.5f, 0.0f, 0.5f, 0.0f}).view({1, 1, 3, 3});
    targets_ = torch::conv2d(inputs_.narrow(1, 0, 1), kernel, {}, 1, 1);
  }
  Batch batch(int64_t index, int64_t size) const {
    const int64_t start = (index * size) % (inputs_.size(0) - size + 1);
    return Batch{inputs_.narrow(0, start, size), targets_.narrow(0, start, size)};
  }

 private:
  torch::Tensor inputs_;
  torch::Tensor targets_;
};

}  // namespace gdas_test
