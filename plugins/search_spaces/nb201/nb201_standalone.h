// One nb201 architecture as a network to train from scratch; the module
// layout is NB201's TinyNetwork/InferCell (cells.K.layers.E), one module per
// edge holding only the chosen op.
#pragma once

#include "nb201_layers.h"
#include "nb201_layout.h"
#include "nb201_options.h"

#include <naskernel/search_space.h>

#include <array>
#include <vector>

namespace naskernel::nb201 {

class InferCellImpl : public torch::nn::Module {
 public:
  InferCellImpl(const std::array<int, 6>& ops, int64_t channels, const BatchNormOptions& bn);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  std::array<int, 6> ops_;
  std::array<std::shared_ptr<torch::nn::Module>, 6> layers_;  // owned through "layers"
};
TORCH_MODULE(InferCell);

class Nb201StandaloneNet : public StandaloneNet {
 public:
  Nb201StandaloneNet(const Arch& arch, const Layout& layout, const BatchNormOptions& bn);
  torch::Tensor forward(const torch::Tensor& input) override;

 private:
  Layout layout_;
  torch::nn::Sequential stem_{nullptr};
  torch::nn::ModuleList cells_{nullptr};
  std::vector<InferCell> infer_cells_;  // nullptr where cells_ holds a residual block
  std::vector<ResNetBasicBlock> blocks_;
  torch::nn::Sequential lastact_{nullptr};
  torch::nn::Linear classifier_{nullptr};
};

}  // namespace naskernel::nb201
