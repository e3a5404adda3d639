// The nb201 super-net: every cell holds all five candidate ops on each of its
// six edges (NB201's SearchCell layout: cells.K.edges.J<-I.OP), and a path
// runs only the op it chooses per edge, the same choice in every cell.
#pragma once

#include "nb201_layers.h"
#include "nb201_layout.h"
#include "nb201_options.h"

#include <naskernel/search_space.h>

#include <array>
#include <vector>

namespace naskernel::nb201 {

class SearchCellImpl : public torch::nn::Module {
 public:
  SearchCellImpl(int64_t channels, const BatchNormOptions& bn);

  // `weights`, when defined, scales edge e's output by weights[e].
  torch::Tensor forward(const torch::Tensor& x, const std::array<int, 6>& ops, const torch::Tensor& weights);

 private:
  // candidates_[e][op], owned through the "edges" ModuleDict
  std::array<std::array<std::shared_ptr<torch::nn::Module>, 5>, 6> candidates_;
};
TORCH_MODULE(SearchCell);

class Nb201SuperNet : public SuperNet {
 public:
  Nb201SuperNet(const Layout& layout, const BatchNormOptions& bn);

  // Runs the ops of path.choices (an nb201 path is its architecture). When path.weights ([6]) is defined, edge e's
  // output is multiplied by weights[e]. An edge whose op is `none` adds
  // nothing; its weight joins the graph as weights[e] * 0 on the logits, so
  // it receives a (zero) gradient exactly as zeros * weights[e] would give,
  // without materialising zero maps.
  torch::Tensor forward(const torch::Tensor& input, const Path& path) override;

  const Layout& layout() const { return layout_; }

 private:
  Layout layout_;
  torch::nn::Sequential stem_{nullptr};
  torch::nn::ModuleList cells_{nullptr};  // search cells and residual blocks, in order
  std::vector<SearchCell> search_cells_;   // cells_ entries, nullptr for a residual block
  std::vector<ResNetBasicBlock> blocks_;
  torch::nn::Sequential lastact_{nullptr};
  torch::nn::Linear classifier_{nullptr};
};

}  // namespace naskernel::nb201
