#include "nb101_standalone.h"

#include "nb101_channels.h"

namespace naskernel::nb101 {

CellModuleImpl::CellModuleImpl(const Cell& pruned, int64_t in_channels, int64_t out_channels,
                               const BatchNormOptions& bn)
    : cell_(pruned), channels_(vertex_channels(in_channels, out_channels, pruned)) {
  const int output = cell_.vertices - 1;
  for (int v = 1; v < output; ++v) {
    const std::string name = "vertex" + std::to_string(v);
    if (cell_.edge(0, v))
      projections_[v] = register_module(name + "_projection", ConvBnRelu(in_channels, channels_[v], 1, bn));
    if (cell_.ops[v] != kMaxPool3x3)
      ops_[v] =
          register_module(name + "_op", ConvBnRelu(channels_[v], channels_[v], cell_.ops[v] == kConv3x3 ? 3 : 1, bn));
  }
  if (cell_.edge(0, output))
    output_projection_ = register_module("output_projection", ConvBnRelu(in_channels, out_channels, 1, bn));
}

torch::Tensor CellModuleImpl::forward(const torch::Tensor& x) {
  const int output = cell_.vertices - 1;
  std::array<torch::Tensor, kNumVertices> values;
  std::vector<torch::Tensor> concat;
  for (int v = 1; v < output; ++v) {
    torch::Tensor sum;
    const auto add = [&](const torch::Tensor& t) { sum = sum.defined() ? sum + t : t; };
    // Interior inputs keep their first channels: a vertex has at most one
    // channel more than the vertices it feeds.
    for (int from = 1; from < v; ++from)
      if (cell_.edge(from, v)) add(values[from].narrow(1, 0, channels_[v]));
    if (cell_.edge(0, v)) add(projections_[v]->forward(x));
    values[v] = cell_.ops[v] == kMaxPool3x3 ? max_pool3x3(sum) : ops_[v]->forward(sum);
    if (cell_.edge(v, output)) concat.push_back(values[v]);
  }
  if (concat.empty()) return output_projection_->forward(x);  // only input -> output
  torch::Tensor out = concat.size() == 1 ? concat.front() : torch::cat(concat, 1);
  if (cell_.edge(0, output)) out = out + output_projection_->forward(x);
  return out;
}

Nb101StandaloneNet::Nb101StandaloneNet(const PrunedCell& pruned, const Layout& layout, const BatchNormOptions& bn)
    : layout_(layout) {
  stem_ = register_module("stem", ConvBnRelu(layout.input_channels, layout.stem_channels, 3, bn));
  for (size_t s = 0; s < layout.stacks.size(); ++s) {
    stacks_.emplace_back();
    for (int64_t k = 0; k < layout.cells_per_stack; ++k) {
      const int64_t in = layout.cell_input_channels(static_cast<int64_t>(s), k);
      stacks_.back().push_back(register_module("stack" + std::to_string(s) + "_cell" + std::to_string(k),
                                               CellModule(pruned.cell, in, layout.stacks[s].channels, bn)));
    }
  }
  classifier_ = register_module("classifier", torch::nn::Linear(layout.stacks.back().channels, layout.classes));
  init_dense(classifier_);
}

torch::Tensor Nb101StandaloneNet::forward(const torch::Tensor& input) {
  check_input(input, layout_);
  torch::Tensor x = stem_->forward(input);
  for (size_t s = 0; s < stacks_.size(); ++s) {
    if (s > 0) x = downsample(x);
    for (auto& cell : stacks_[s]) x = cell->forward(x);
  }
  return classifier_->forward(global_average_pool(x));
}

}  // namespace naskernel::nb101
