#include "darts_supernet.h"

#include <naskernel/errors.h>

#include <stdexcept>

namespace naskernel::darts {

namespace nn = torch::nn;

SearchCellImpl::SearchCellImpl(const CellShape& shape, const BatchNormOptions& bn) : shape_(shape) {
  if (shape.reduction_prev)
    preprocess0_ = std::make_shared<FactorizedReduce>(shape.c_prev_prev, shape.c, bn);
  else
    preprocess0_ = std::make_shared<ReLUConvBN>(shape.c_prev_prev, shape.c, 1, 1, 0, bn);
  preprocess1_ = std::make_shared<ReLUConvBN>(shape.c_prev, shape.c, 1, 1, 0, bn);
  register_module("preprocess0", preprocess0_);
  register_module("preprocess1", preprocess1_);

  // DARTS's MixedOp follows pools with BatchNorm2d(C, affine=False).
  const BatchNormOptions pool_bn{false, bn.track_running_stats};
  nn::ModuleList edges;
  for (int node = 0; node < kNumNodes; ++node)
    for (int from = 0; from < num_inputs(node); ++from) {
      const int edge = edge_offset(node) + from;
      const int64_t stride = shape.reduction && from < kNumCellInputs ? 2 : 1;
      nn::ModuleList mixed;
      for (int op = 0; op < kNumOps; ++op) {
        const bool pool = op == kMaxPool3x3 || op == kAvgPool3x3;
        candidates_[edge][op] = make_op(op, shape.c, stride, pool ? pool_bn : bn, /*pool_bn=*/true);
        mixed->push_back(candidates_[edge][op]);
      }
      edges->push_back(mixed);
    }
  register_module("_ops", edges);
}

torch::Tensor SearchCellImpl::forward(const torch::Tensor& s0, const torch::Tensor& s1, const int* choices,
                                      const torch::Tensor& weights) {
  std::vector<torch::Tensor> states = {preprocess0_->forward(s0), preprocess1_->forward(s1)};
  for (int node = 0; node < kNumNodes; ++node) {
    torch::Tensor sum;  // undefined while no edge has contributed
    for (int from = 0; from < num_inputs(node); ++from) {
      const int edge = edge_offset(node) + from;
      const int choice = choices[edge];
      if (choice == kPathNone) continue;
      torch::Tensor out = candidates_[edge][choice - 1]->forward(states[static_cast<size_t>(from)]);
      if (weights.defined()) out = out * weights[edge];
      sum = sum.defined() ? sum + out : out;
    }
    if (!sum.defined()) {  // every incoming edge is `none`: the node is zero
      const torch::Tensor& like = states[1];
      const int64_t divisor = shape_.reduction ? 2 : 1;  // sizes are even where a cell reduces
      sum = torch::zeros({like.size(0), shape_.c, like.size(2) / divisor, like.size(3) / divisor}, like.options());
    }
    states.push_back(sum);
  }
  return torch::cat({states[2], states[3], states[4], states[5]}, 1);
}

DartsSuperNet::DartsSuperNet(const Layout& layout, const BatchNormOptions& bn) : layout_(layout) {
  // DARTS's search stem keeps an affine, tracked BN: it is the same for every path.
  stem_ = register_module("stem", nn::Sequential(nn::Conv2d(nn::Conv2dOptions(layout.input_channels,
                                                                              layout.stem_channels, 3)
                                                                .padding(1)
                                                                .bias(false)),
                                                 make_batch_norm(layout.stem_channels, {true, true})));
  nn::ModuleList cells;
  for (const CellShape& shape : layout.cells) {
    cells_.emplace_back(shape, bn);
    cells->push_back(cells_.back());
  }
  register_module("cells", cells);
  classifier_ = register_module("classifier", nn::Linear(layout.final_channels, layout.outputs));
}

torch::Tensor DartsSuperNet::forward(const torch::Tensor& input, const Path& path) {
  if (path.choices.size() != kNumPathGenes)
    throw std::invalid_argument("darts path must have " + std::to_string(kNumPathGenes) + " choices, got " +
                                std::to_string(path.choices.size()));
  for (size_t g = 0; g < path.choices.size(); ++g)
    if (path.choices[g] < 0 || path.choices[g] >= kNumPathChoices)
      throw std::invalid_argument("darts path choice " + std::to_string(path.choices[g]) + " for edge " +
                                  path_gene_name(static_cast<int>(g)) + " is outside 0.." +
                                  std::to_string(kNumPathChoices - 1));
  const torch::Tensor& weights = path.weights;
  if (weights.defined() && (weights.dim() != 1 || weights.size(0) != kNumPathGenes))
    throw std::invalid_argument("darts path weights must have shape [28], got " + c10::str(weights.sizes()));
  check_input_shape(input.sizes().vec(), layout_, false);

  std::array<torch::Tensor, kNumCellTypes> cell_weights;
  if (weights.defined())
    for (int cell = 0; cell < kNumCellTypes; ++cell)
      cell_weights[cell] = weights.narrow(0, cell * kEdgesPerCell, kEdgesPerCell);

  torch::Tensor s0 = stem_->forward(input);
  torch::Tensor s1 = s0;
  for (size_t i = 0; i < cells_.size(); ++i) {
    const int cell = layout_.cells[i].reduction ? kReduce : kNormal;
    torch::Tensor next = cells_[i]->forward(s0, s1, path.choices.data() + cell * kEdgesPerCell, cell_weights[cell]);
    s0 = s1;
    s1 = next;
  }
  torch::Tensor logits = classifier_->forward(torch::adaptive_avg_pool2d(s1, {1, 1}).flatten(1));

  if (weights.defined()) {
    // Weights of genes that ran no op (`none`, or a cell type without cells).
    std::array<bool, kNumCellTypes> present{};
    for (const CellShape& shape : layout_.cells) present[shape.reduction ? kReduce : kNormal] = true;
    std::vector<int64_t> idle;
    for (int g = 0; g < kNumPathGenes; ++g)
      if (path.choices[static_cast<size_t>(g)] == kPathNone || !present[g / kEdgesPerCell]) idle.push_back(g);
    if (!idle.empty())
      logits = logits + weights.index_select(0, torch::tensor(idle, torch::kLong).to(weights.device())).sum() * 0;
  }
  return logits;
}

}  // namespace naskernel::darts
