#include "nb101_supernet.h"

#include <naskernel/errors.h>

#include "nb101_channels.h"
#include "nb101_layers.h"

namespace naskernel::nb101 {

SharedConvBnReluImpl::SharedConvBnReluImpl(int64_t in_channels, int64_t out_channels, int64_t kernel,
                                           const BatchNormOptions& bn)
    : kernel_(kernel), bn_(bn) {
  weight_ = register_parameter("weight", torch::empty({out_channels, in_channels, kernel, kernel}));
  init_variance_scaling(weight_);
  if (bn.affine) {
    bn_weight_ = register_parameter("bn_weight", torch::ones({out_channels}));
    bn_bias_ = register_parameter("bn_bias", torch::zeros({out_channels}));
  }
  if (bn.track_running_stats) {
    running_mean_ = register_buffer("bn_running_mean", torch::zeros({out_channels}));
    running_var_ = register_buffer("bn_running_var", torch::ones({out_channels}));
  }
}

torch::Tensor SharedConvBnReluImpl::forward(const torch::Tensor& x, int64_t out_channels) {
  const int64_t in_channels = x.size(1);
  if (in_channels > weight_.size(1) || out_channels > weight_.size(0))
    throw std::invalid_argument("nb101 super-net: a shared conv of " + std::to_string(weight_.size(1)) + " -> " +
                                std::to_string(weight_.size(0)) + " channels cannot run " +
                                std::to_string(in_channels) + " -> " + std::to_string(out_channels));
  const auto lead = [&](const torch::Tensor& t) { return t.defined() ? t.narrow(0, 0, out_channels) : t; };
  const torch::Tensor kernel = weight_.narrow(0, 0, out_channels).narrow(1, 0, in_channels);
  const torch::Tensor y = torch::conv2d(x, kernel, {}, 1, (kernel_ - 1) / 2);
  // BN statistics are per channel, so normalising the kept channels alone
  // equals normalising all and keeping the leading ones (as the reference
  // does); running statistics update in place through the slices.
  const bool batch_statistics = is_training() || !bn_.track_running_stats;
  const torch::Tensor normalised =
      torch::batch_norm(y, lead(bn_weight_), lead(bn_bias_), lead(running_mean_), lead(running_var_), batch_statistics,
                        bn_.momentum, bn_.eps, at::globalContext().userEnabledCuDNN());
  return torch::relu(normalised);
}

SuperCellImpl::SuperCellImpl(int64_t in_channels, int64_t out_channels, const BatchNormOptions& bn)
    : in_channels_(in_channels), out_channels_(out_channels) {
  for (int v = 1; v <= kNumInterior; ++v) {
    const std::string name = "vertex" + std::to_string(v);
    projections_[v] = register_module(name + "_projection", SharedConvBnRelu(in_channels, out_channels, 1, bn));
    conv3x3_[v] = register_module(name + "_conv3x3", SharedConvBnRelu(out_channels, out_channels, 3, bn));
    conv1x1_[v] = register_module(name + "_conv1x1", SharedConvBnRelu(out_channels, out_channels, 1, bn));
  }
  output_projection_ = register_module("output_projection", SharedConvBnRelu(in_channels, out_channels, 1, bn));
}

torch::Tensor SuperCellImpl::forward(const torch::Tensor& x, const CellPlan& plan, const torch::Tensor& weights) {
  const Cell& cell = plan.pruned.cell;
  const int output = cell.vertices - 1;
  const auto channels = vertex_channels(in_channels_, out_channels_, cell);
  const auto scaled = [&](torch::Tensor t, int gene) { return weights.defined() ? t * weights[gene] : t; };
  std::array<torch::Tensor, kNumVertices> values;
  std::vector<torch::Tensor> concat;
  for (int v = 1; v < output; ++v) {
    torch::Tensor sum;
    const auto add = [&](const torch::Tensor& t) { sum = sum.defined() ? sum + t : t; };
    for (int from = 1; from < v; ++from)
      if (cell.edge(from, v)) add(scaled(values[from].narrow(1, 0, channels[v]), plan.edge_gene[from][v]));
    if (cell.edge(0, v)) add(scaled(projections_[v]->forward(x, channels[v]), plan.edge_gene[0][v]));
    torch::Tensor value;
    switch (cell.ops[v]) {
      case kConv3x3:
        value = conv3x3_[v]->forward(sum, channels[v]);
        break;
      case kConv1x1:
        value = conv1x1_[v]->forward(sum, channels[v]);
        break;
      default:
        value = max_pool3x3(sum);
        break;
    }
    values[v] = scaled(value, plan.op_gene[v]);
    if (cell.edge(v, output)) concat.push_back(scaled(values[v], plan.edge_gene[v][output]));
  }
  torch::Tensor out;
  if (!concat.empty()) out = concat.size() == 1 ? concat.front() : torch::cat(concat, 1);
  if (cell.edge(0, output)) {
    torch::Tensor skip = scaled(output_projection_->forward(x, out_channels_), plan.edge_gene[0][output]);
    out = out.defined() ? out + skip : skip;
  }
  return out;
}

CellPlan plan_of(const std::vector<int>& choices) {
  const Arch arch{kSpaceName, choices};
  const std::string malformed = malformed_reason(arch);
  if (!malformed.empty()) throw std::invalid_argument("nb101 super-net: the path is not an architecture: " + malformed);
  const Cell cell = cell_of(arch);
  const std::string reason = invalid_reason(cell);
  if (!reason.empty()) throw std::invalid_argument("nb101 super-net: the path is not a valid cell: " + reason);
  CellPlan plan;
  plan.pruned = *prune(cell);
  const Cell& pruned = plan.pruned.cell;
  std::array<bool, kNumGenes> used{};
  for (int u = 0; u < pruned.vertices; ++u) {
    const int original_u = plan.pruned.original[u];
    if (u > 0 && u < pruned.vertices - 1) {
      plan.op_gene[u] = op_gene(original_u);
      used[plan.op_gene[u]] = true;
    }
    for (int v = u + 1; v < pruned.vertices; ++v)
      if (pruned.edge(u, v)) {
        plan.edge_gene[u][v] = edge_gene(original_u, plan.pruned.original[v]);
        used[plan.edge_gene[u][v]] = true;
      }
  }
  for (int g = 0; g < kNumGenes; ++g)
    if (!used[g]) plan.unused_genes.push_back(g);
  return plan;
}

Nb101SuperNet::Nb101SuperNet(const Layout& layout, const BatchNormOptions& bn) : layout_(layout) {
  stem_ = register_module("stem", SharedConvBnRelu(layout.input_channels, layout.stem_channels, 3, bn));
  for (size_t s = 0; s < layout.stacks.size(); ++s) {
    stacks_.emplace_back();
    for (int64_t k = 0; k < layout.cells_per_stack; ++k) {
      const int64_t in = layout.cell_input_channels(static_cast<int64_t>(s), k);
      stacks_.back().push_back(register_module("stack" + std::to_string(s) + "_cell" + std::to_string(k),
                                               SuperCell(in, layout.stacks[s].channels, bn)));
    }
  }
  classifier_ = register_module("classifier", torch::nn::Linear(layout.stacks.back().channels, layout.classes));
  init_dense(classifier_);
}

torch::Tensor Nb101SuperNet::forward(const torch::Tensor& input, const Path& path) {
  const CellPlan plan = plan_of(path.choices);
  const torch::Tensor& weights = path.weights;
  if (weights.defined() && (weights.dim() != 1 || weights.size(0) != kNumGenes))
    throw std::invalid_argument("nb101 path weights must have shape [26], got " + c10::str(weights.sizes()));
  check_input(input, layout_);
  torch::Tensor x = stem_->forward(input, layout_.stem_channels);
  for (size_t s = 0; s < stacks_.size(); ++s) {
    if (s > 0) x = downsample(x);
    for (auto& cell : stacks_[s]) x = cell->forward(x, plan, weights);
  }
  torch::Tensor logits = classifier_->forward(global_average_pool(x));
  if (weights.defined() && !plan.unused_genes.empty())
    logits =
        logits + weights.index_select(0, torch::tensor(plan.unused_genes, torch::kLong).to(weights.device())).sum() * 0;
  return logits;
}

}  // namespace naskernel::nb101
