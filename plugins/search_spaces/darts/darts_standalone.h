// One darts genotype as DARTS's evaluation network (model.py): NetworkCIFAR
// or NetworkImageNet, with its cells, auxiliary head and drop path.
#pragma once

#include "darts_layers.h"
#include "darts_layout.h"

#include <naskernel/arch.h>
#include <naskernel/search_space.h>

#include <vector>

namespace naskernel::darts {

// A cell of the evaluation network: preprocess0/1, then one op per chosen
// input (`_ops`, in genotype order), nodes summed, nodes 2..5 concatenated.
class EvalCellImpl : public torch::nn::Module {
 public:
  EvalCellImpl(const Arch& arch, const CellShape& shape);
  torch::Tensor forward(const torch::Tensor& s0, const torch::Tensor& s1, double drop_prob);

 private:
  std::shared_ptr<OpModule> preprocess0_, preprocess1_;
  std::vector<int> inputs_;  // 8: node k's inputs at 2k, 2k + 1
  std::vector<bool> identity_;  // ops that drop path skips (stride-1 skip_connect)
  std::vector<std::shared_ptr<OpModule>> ops_;  // owned through "_ops"
};
TORCH_MODULE(EvalCell);

// DARTS's AuxiliaryHeadCIFAR / AuxiliaryHeadImageNet: ReLU, 5x5 average pool
// (stride 3 / 2) to 2x2, 1x1 conv to 128 + BN + ReLU, 2x2 conv to 768
// (+ BN in CIFAR only, as DARTS's ImageNet head omits it) + ReLU, linear.
class AuxiliaryHeadImpl : public torch::nn::Module {
 public:
  AuxiliaryHeadImpl(NetworkKind network, int64_t channels, int64_t classes);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  int64_t pool_stride_;
  torch::nn::Sequential features_{nullptr};
  torch::nn::Linear classifier_{nullptr};
};
TORCH_MODULE(AuxiliaryHead);

class DartsStandaloneNet : public StandaloneNet {
 public:
  DartsStandaloneNet(const Arch& arch, const Layout& layout);

  torch::Tensor forward(const torch::Tensor& input) override;
  void set_drop_path(double probability) override { drop_path_prob_ = probability; }
  torch::Tensor auxiliary() const override { return auxiliary_logits_; }

  const Layout& layout() const { return layout_; }

 private:
  Layout layout_;
  double drop_path_prob_ = 0;
  torch::Tensor auxiliary_logits_;
  torch::nn::Sequential stem_{nullptr};   // CIFAR
  torch::nn::Sequential stem0_{nullptr};  // ImageNet
  torch::nn::Sequential stem1_{nullptr};  // ImageNet
  std::vector<EvalCell> cells_;           // owned through "cells"
  AuxiliaryHead auxiliary_head_{nullptr};
  torch::nn::Linear classifier_{nullptr};
};

}  // namespace naskernel::darts
