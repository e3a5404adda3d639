// The darts super-net: DARTS's search network (model_search.py). Each cell
// holds, on each of its 14 edges, one module per op (MixedOp; `none` owns no
// weights), one weight set per (cell, edge, op). A path chooses one op (or
// `none`) per edge and cell type; forward() runs only those ops.
#pragma once

#include "darts_layers.h"
#include "darts_layout.h"

#include <naskernel/search_space.h>

#include <array>
#include <vector>

namespace naskernel::darts {

class SearchCellImpl : public torch::nn::Module {
 public:
  SearchCellImpl(const CellShape& shape, const BatchNormOptions& bn);

  // `choices` are this cell type's 14 path choices; `weights`, when defined,
  // is this cell type's [14] slice of the path weights.
  torch::Tensor forward(const torch::Tensor& s0, const torch::Tensor& s1, const int* choices,
                        const torch::Tensor& weights);

 private:
  CellShape shape_;
  std::shared_ptr<OpModule> preprocess0_, preprocess1_;
  // candidates_[edge][op] (architecture op index), owned through "_ops"
  std::array<std::array<std::shared_ptr<OpModule>, kNumOps>, kEdgesPerCell> candidates_;
};
TORCH_MODULE(SearchCell);

class DartsSuperNet : public SuperNet {
 public:
  DartsSuperNet(const Layout& layout, const BatchNormOptions& bn);

  // path.choices: 28 path choices (darts_ops.h). When path.weights ([28]) is
  // defined, each chosen op's output is multiplied by its edge's weight (in
  // every cell of that type). `none` edges add nothing; their weights join
  // the graph as weights[g] * 0 on the logits, so each gets a zero gradient
  // without zero maps being built.
  torch::Tensor forward(const torch::Tensor& input, const Path& path) override;

  const Layout& layout() const { return layout_; }

 private:
  Layout layout_;
  torch::nn::Sequential stem_{nullptr};
  std::vector<SearchCell> cells_;  // owned through "cells"
  torch::nn::Linear classifier_{nullptr};
};

}  // namespace naskernel::darts
