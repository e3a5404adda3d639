#include "darts_standalone.h"

#include "darts_genotype.h"

#include <naskernel/errors.h>

namespace naskernel::darts {

namespace nn = torch::nn;

namespace {

nn::Conv2d conv(int64_t in, int64_t out, int64_t kernel, int64_t stride, int64_t padding) {
  return nn::Conv2d(nn::Conv2dOptions(in, out, kernel).stride(stride).padding(padding).bias(false));
}

const BatchNormOptions kAffine{true, true};

}  // namespace

EvalCellImpl::EvalCellImpl(const Arch& arch, const CellShape& shape) {
  if (shape.reduction_prev)
    preprocess0_ = std::make_shared<FactorizedReduce>(shape.c_prev_prev, shape.c, kAffine);
  else
    preprocess0_ = std::make_shared<ReLUConvBN>(shape.c_prev_prev, shape.c, 1, 1, 0, kAffine);
  preprocess1_ = std::make_shared<ReLUConvBN>(shape.c_prev, shape.c, 1, 1, 0, kAffine);
  register_module("preprocess0", preprocess0_);
  register_module("preprocess1", preprocess1_);

  const int cell = shape.reduction ? kReduce : kNormal;
  nn::ModuleList ops;
  for (int node = 0; node < kNumNodes; ++node)
    for (int slot = 0; slot < 2; ++slot) {
      const int input = arch.genes[input_gene(cell, node, slot)];
      const int op = arch.genes[op_gene(cell, node, slot)];
      const int64_t stride = shape.reduction && input < kNumCellInputs ? 2 : 1;
      inputs_.push_back(input);
      identity_.push_back(op == kSkipConnect && stride == 1);
      ops_.push_back(make_op(op, shape.c, stride, kAffine, /*pool_bn=*/false));
      ops->push_back(ops_.back());
    }
  register_module("_ops", ops);
}

torch::Tensor EvalCellImpl::forward(const torch::Tensor& s0, const torch::Tensor& s1, double drop_prob) {
  std::vector<torch::Tensor> states = {preprocess0_->forward(s0), preprocess1_->forward(s1)};
  for (int node = 0; node < kNumNodes; ++node) {
    torch::Tensor sum;
    for (int slot = 0; slot < 2; ++slot) {
      const size_t i = static_cast<size_t>(2 * node + slot);
      torch::Tensor h = ops_[i]->forward(states[static_cast<size_t>(inputs_[i])]);
      if (is_training() && drop_prob > 0 && !identity_[i]) h = drop_path(h, drop_prob);
      sum = slot == 0 ? h : sum + h;
    }
    states.push_back(sum);
  }
  return torch::cat({states[2], states[3], states[4], states[5]}, 1);
}

AuxiliaryHeadImpl::AuxiliaryHeadImpl(NetworkKind network, int64_t channels, int64_t classes)
    : pool_stride_(network == NetworkKind::cifar ? 3 : 2) {
  features_ = nn::Sequential(nn::ReLU(),
                             nn::AvgPool2d(nn::AvgPool2dOptions(5).stride(pool_stride_).padding(0).count_include_pad(false)),
                             conv(channels, 128, 1, 1, 0), make_batch_norm(128, kAffine), nn::ReLU(),
                             conv(128, 768, 2, 1, 0));
  if (network == NetworkKind::cifar) features_->push_back(make_batch_norm(768, kAffine));
  features_->push_back(nn::ReLU());
  register_module("features", features_);
  classifier_ = register_module("classifier", nn::Linear(768, classes));
}

torch::Tensor AuxiliaryHeadImpl::forward(const torch::Tensor& x) {
  return classifier_->forward(features_->forward(x).flatten(1));
}

DartsStandaloneNet::DartsStandaloneNet(const Arch& arch, const Layout& layout) : layout_(layout) {
  const std::string problem = invalid_reason(arch);
  if (!problem.empty()) throw UserError("cannot build a darts network: " + problem);
  const int64_t c = layout.channels;
  if (layout.network == NetworkKind::cifar) {
    stem_ = register_module("stem", nn::Sequential(conv(layout.input_channels, layout.stem_channels, 3, 1, 1),
                                                   make_batch_norm(layout.stem_channels, kAffine)));
  } else {
    stem0_ = register_module("stem0", nn::Sequential(conv(layout.input_channels, c / 2, 3, 2, 1),
                                                     make_batch_norm(c / 2, kAffine), nn::ReLU(),
                                                     conv(c / 2, c, 3, 2, 1), make_batch_norm(c, kAffine)));
    stem1_ = register_module("stem1", nn::Sequential(nn::ReLU(), conv(c, c, 3, 2, 1), make_batch_norm(c, kAffine)));
  }
  nn::ModuleList cells;
  for (const CellShape& shape : layout.cells) {
    cells_.emplace_back(arch, shape);
    cells->push_back(cells_.back());
  }
  register_module("cells", cells);
  if (layout.auxiliary_cell >= 0)
    auxiliary_head_ = register_module("auxiliary_head",
                                      AuxiliaryHead(layout.network, layout.auxiliary_channels, layout.outputs));
  classifier_ = register_module("classifier", nn::Linear(layout.final_channels, layout.outputs));
}

torch::Tensor DartsStandaloneNet::forward(const torch::Tensor& input) {
  check_input_shape(input.sizes().vec(), layout_, layout_.auxiliary_cell >= 0 && is_training());
  auxiliary_logits_ = torch::Tensor();
  torch::Tensor s0, s1;
  if (layout_.network == NetworkKind::cifar) {
    s0 = s1 = stem_->forward(input);
  } else {
    s0 = stem0_->forward(input);
    s1 = stem1_->forward(s0);
  }
  for (size_t i = 0; i < cells_.size(); ++i) {
    torch::Tensor next = cells_[i]->forward(s0, s1, drop_path_prob_);
    s0 = s1;
    s1 = next;
    if (static_cast<int>(i) == layout_.auxiliary_cell && is_training())
      auxiliary_logits_ = auxiliary_head_->forward(s1);
  }
  // DARTS pools the ImageNet network with AvgPool2d(7) over its 7x7 map; an
  // adaptive pool is the same there and also fits other sizes.
  return classifier_->forward(torch::adaptive_avg_pool2d(s1, {1, 1}).flatten(1));
}

}  // namespace naskernel::darts
