#include "nb201_standalone.h"

#include "nb201_ops.h"

namespace naskernel::nb201 {

InferCellImpl::InferCellImpl(const std::array<int, 6>& ops, int64_t channels, const BatchNormOptions& bn)
    : ops_(ops) {
  torch::nn::ModuleList layers;
  for (int e = 0; e < kNumEdges; ++e) {
    layers_[e] = make_op(ops[e], channels, bn);
    layers->push_back(layers_[e]);
  }
  register_module("layers", layers);
}

torch::Tensor InferCellImpl::forward(const torch::Tensor& x) {
  return run_cell(x, ops_, [&](int e, const CellNode& node) { return run_op(ops_[e], *layers_[e], node); });
}

Nb201StandaloneNet::Nb201StandaloneNet(const Arch& arch, const Layout& layout, const BatchNormOptions& bn)
    : layout_(layout) {
  check_arch(arch);
  std::array<int, 6> ops;
  std::copy(arch.genes.begin(), arch.genes.end(), ops.begin());
  stem_ = register_module("stem", make_stem(layout, bn));
  cells_ = register_module("cells", torch::nn::ModuleList());
  for (int s = 0; s < 3; ++s) {
    if (s > 0) {
      blocks_.emplace_back(layout.stages[s - 1].channels, layout.stages[s].channels, bn);
      infer_cells_.emplace_back(nullptr);
      cells_->push_back(blocks_.back());
    }
    for (int64_t k = 0; k < layout.cells_per_stage; ++k) {
      infer_cells_.emplace_back(ops, layout.stages[s].channels, bn);
      cells_->push_back(infer_cells_.back());
    }
  }
  lastact_ = register_module("lastact", make_lastact(layout, bn));
  classifier_ = register_module("classifier", make_classifier(layout));
}

torch::Tensor Nb201StandaloneNet::forward(const torch::Tensor& input) {
  check_input(input, layout_);
  torch::Tensor x = stem_->forward(input);
  size_t block = 0;
  for (auto& cell : infer_cells_) x = cell ? cell->forward(x) : blocks_[block++]->forward(x);
  x = lastact_->forward(x);
  x = torch::adaptive_avg_pool2d(x, {1, 1}).flatten(1);
  return classifier_->forward(x);
}

}  // namespace naskernel::nb201
