// One nb101 architecture as NB101's network (model_builder.build_model_fn):
// stem conv3x3-bn-relu, stacks of cells joined by 2x2 max-pools that double
// the channels, global average pooling and a linear layer. Its parameter
// count is the benchmark's trainable_parameters.
#pragma once

#include <naskernel/search_space.h>

#include <array>
#include <vector>

#include "nb101_layers.h"
#include "nb101_layout.h"
#include "nb101_options.h"
#include "nb101_pruning.h"

namespace naskernel::nb101 {

// One module (build_module) of the pruned cell, with in -> out channels.
class CellModuleImpl : public torch::nn::Module {
 public:
  CellModuleImpl(const Cell& pruned, int64_t in_channels, int64_t out_channels, const BatchNormOptions& bn);
  torch::Tensor forward(const torch::Tensor& x);

 private:
  Cell cell_;
  std::array<int64_t, kNumVertices> channels_{};
  // Indexed by vertex, null where the cell has no such module: the
  // projection of the input into vertex v, and v's conv.
  std::vector<ConvBnRelu> projections_ = std::vector<ConvBnRelu>(kNumVertices, ConvBnRelu(nullptr));
  std::vector<ConvBnRelu> ops_ = std::vector<ConvBnRelu>(kNumVertices, ConvBnRelu(nullptr));
  ConvBnRelu output_projection_{nullptr};  // input -> output, where that edge exists
};
TORCH_MODULE(CellModule);

class Nb101StandaloneNet : public StandaloneNet {
 public:
  Nb101StandaloneNet(const PrunedCell& pruned, const Layout& layout, const BatchNormOptions& bn);
  torch::Tensor forward(const torch::Tensor& input) override;

 private:
  Layout layout_;
  ConvBnRelu stem_{nullptr};
  std::vector<std::vector<CellModule>> stacks_;
  torch::nn::Linear classifier_{nullptr};
};

}  // namespace naskernel::nb101
