// Test plugin: a search space of one gene whose super-net forward throws, as
// a plugin with a shape bug would in its first training step. Everything
// else works: stand-alone networks train, so a search gets as far as the
// super-net before it fails.
#include <naskernel/naskernel.h>

#include <stdexcept>

namespace {

const std::vector<std::string> kChoices = {"a", "b", "c", "d", "e", "f", "g", "h"};

// flatten -> linear: enough for the networks to have weights to optimize.
torch::nn::Linear linear_head(const naskernel::NetworkSpec& spec) {
  if (spec.output != naskernel::OutputKind::classes)
    throw naskernel::UserError("throws_in_forward builds classifiers only");
  return torch::nn::Linear(spec.channels * spec.height * spec.width, spec.outputs);
}

class ThrowingSuperNet : public naskernel::SuperNet {
 public:
  explicit ThrowingSuperNet(const naskernel::NetworkSpec& spec) : head_(register_module("head", linear_head(spec))) {}
  torch::Tensor forward(const torch::Tensor&, const naskernel::Path&) override {
    throw std::runtime_error("shapes [16, 64] and [32, 4] cannot be multiplied");
  }

 private:
  torch::nn::Linear head_;
};

class LinearNet : public naskernel::StandaloneNet {
 public:
  explicit LinearNet(const naskernel::NetworkSpec& spec) : head_(register_module("head", linear_head(spec))) {}
  torch::Tensor forward(const torch::Tensor& input) override { return head_->forward(input.flatten(1)); }

 private:
  torch::nn::Linear head_;
};

class ThrowingForwardSpace : public naskernel::SearchSpace {
 public:
  explicit ThrowingForwardSpace(const naskernel::Config&) : genes_{{"op", kChoices}} {}
  static std::vector<naskernel::KeySpec> keys() { return {}; }

  std::string name() const override { return "throws_in_forward"; }
  const std::vector<naskernel::Gene>& genes() const override { return genes_; }
  std::string format(const naskernel::Arch& arch) const override { return kChoices.at(arch.genes.at(0)); }
  naskernel::Arch parse(const std::string& text) const override {
    for (size_t i = 0; i < kChoices.size(); ++i)
      if (text == kChoices[i]) return {name(), {static_cast<int>(i)}};
    throw naskernel::ArchParseError("character 1: expected one of a..h, got `" + text + "`");
  }
  std::string canonical_key(const naskernel::Arch& arch) const override { return format(arch); }
  std::shared_ptr<naskernel::SuperNet> make_supernet(const naskernel::NetworkSpec& spec) const override {
    return std::make_shared<ThrowingSuperNet>(spec);
  }
  std::shared_ptr<naskernel::StandaloneNet> make_standalone(const naskernel::Arch&,
                                                            const naskernel::NetworkSpec& spec) const override {
    return std::make_shared<LinearNet>(spec);
  }
  naskernel::ModelCost cost(const naskernel::Arch&, const naskernel::NetworkSpec& spec) const override {
    const int64_t inputs = spec.channels * spec.height * spec.width;
    return {inputs * spec.outputs + spec.outputs, static_cast<double>(inputs * spec.outputs) / 1e6};
  }

 private:
  std::vector<naskernel::Gene> genes_;
};

}  // namespace

NASKERNEL_PLUGIN(search_space, "throws_in_forward", "0.1.0", ThrowingForwardSpace)
