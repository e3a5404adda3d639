#include "nb201_supernet.h"

#include "nb201_ops.h"

#include <naskernel/errors.h>

namespace naskernel::nb201 {

SearchCellImpl::SearchCellImpl(int64_t channels, const BatchNormOptions& bn) {
  std::vector<std::pair<std::string, std::shared_ptr<torch::nn::Module>>> edges;
  for (int e = 0; e < kNumEdges; ++e) {
    torch::nn::ModuleList candidates;
    for (int op = 0; op < kNumOps; ++op) {
      candidates_[e][op] = make_op(op, channels, bn);
      candidates->push_back(candidates_[e][op]);
    }
    edges.emplace_back(edge_name(e), candidates.ptr());
  }
  register_module("edges", torch::nn::ModuleDict(edges));
}

torch::Tensor SearchCellImpl::forward(const torch::Tensor& x, const std::array<int, 6>& ops,
                                      const torch::Tensor& weights) {
  return run_cell(x, ops, [&](int e, const CellNode& node) {
    torch::Tensor out = run_op(ops[e], *candidates_[e][ops[e]], node);
    return weights.defined() ? out * weights[e] : out;
  });
}

Nb201SuperNet::Nb201SuperNet(const Layout& layout, const BatchNormOptions& bn) : layout_(layout) {
  stem_ = register_module("stem", make_stem(layout, bn));
  cells_ = register_module("cells", torch::nn::ModuleList());
  for (int s = 0; s < 3; ++s) {
    if (s > 0) {
      blocks_.emplace_back(layout.stages[s - 1].channels, layout.stages[s].channels, bn);
      search_cells_.emplace_back(nullptr);
      cells_->push_back(blocks_.back());
    }
    for (int64_t k = 0; k < layout.cells_per_stage; ++k) {
      search_cells_.emplace_back(layout.stages[s].channels, bn);
      cells_->push_back(search_cells_.back());
    }
  }
  lastact_ = register_module("lastact", make_lastact(layout, bn));
  classifier_ = register_module("classifier", make_classifier(layout));
}

torch::Tensor Nb201SuperNet::forward(const torch::Tensor& input, const Path& path) {
  check_arch(Arch{kSpaceName, path.choices});
  const torch::Tensor& weights = path.weights;
  if (weights.defined() && (weights.dim() != 1 || weights.size(0) != kNumEdges))
    throw std::invalid_argument("nb201 path weights must have shape [6], got " + c10::str(weights.sizes()));
  check_input(input, layout_);
  std::array<int, 6> ops;
  std::copy(path.choices.begin(), path.choices.end(), ops.begin());

  torch::Tensor x = stem_->forward(input);
  size_t block = 0;
  for (auto& cell : search_cells_) x = cell ? cell->forward(x, ops, weights) : blocks_[block++]->forward(x);
  x = lastact_->forward(x);
  x = torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1);
  torch::Tensor logits = classifier_->forward(x);

  if (weights.defined()) {
    std::vector<int64_t> none_edges;
    for (int e = 0; e < kNumEdges; ++e)
      if (ops[e] == kNone) none_edges.push_back(e);
    if (!none_edges.empty())
      logits = logits + weights.index_select(0, torch::tensor(none_edges, torch::kLong)).sum() * 0;
  }
  return logits;
}

}  // namespace naskernel::nb201
