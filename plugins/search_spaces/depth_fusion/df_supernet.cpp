#include "df_supernet.h"

#include "df_liveness.h"

#include <naskernel/errors.h>

namespace naskernel::depth_fusion {

namespace nn = torch::nn;

SuperCellImpl::SuperCellImpl(const CellShape& shape, int64_t channels, const BatchNormOptions& bn) {
  std::vector<std::pair<std::string, std::shared_ptr<nn::Module>>> edges;
  for (int e = 0; e < shape.num_edges(); ++e) {
    std::vector<std::pair<std::string, std::shared_ptr<nn::Module>>> ops;
    candidates_.emplace_back(kNumOps);
    for (int op = 0; op < kNumOps; ++op) {
      candidates_.back()[static_cast<size_t>(op)] = make_cell_op(op, channels, bn);
      if (auto& module = candidates_.back()[static_cast<size_t>(op)])
        ops.emplace_back(kOpNames[static_cast<size_t>(op)], module);
    }
    edges.emplace_back(shape.edge_name(e), nn::ModuleDict(ops).ptr());
  }
  register_module("edges", nn::ModuleDict(edges));
}

DepthFusionSuperNet::DepthFusionSuperNet(const Encoding& encoding, const DepthFusionOptions& options,
                                         const NetworkPlan& plan)
    : encoding_(encoding), plan_(plan) {
  encoder_ = register_module("encoder", make_encoder(options, plan));
  nn::ModuleList projections;
  for (int b = 0; b < kNumBlocks; ++b) {
    projections_.push_back(make_projection(plan.encoder.channels[static_cast<size_t>(NetworkPlan::feature_of_block(b))],
                                           plan.features));
    projections->push_back(projections_.back());
  }
  register_module("projections", projections);
  nn::ModuleList cells;
  nn::ModuleList upsamplers;
  for (int c = 0; c < encoding.num_cells(); ++c) {
    cells_.emplace_back(encoding.cell(), plan.features, options.supernet_bn);
    cells->push_back(cells_.back());
    std::vector<std::pair<std::string, std::shared_ptr<nn::Module>>> choices;
    upsamplers_.emplace_back();
    for (int up = 0; up < (encoding.searches_upsampling() ? kNumUpsamplings : 1); ++up) {
      upsamplers_.back().emplace_back(up, plan.features);
      choices.emplace_back(kUpsamplingNames[static_cast<size_t>(up)], upsamplers_.back().back().ptr());
    }
    upsamplers->push_back(nn::ModuleDict(choices));
  }
  register_module("cells", cells);
  register_module("upsamplers", upsamplers);
  head_ = register_module("head", DepthHead(plan, options.output_activation));
}

torch::Tensor DepthFusionSuperNet::forward(const torch::Tensor& input, const Path& path) {
  const Arch arch{kSpaceName, path.choices};
  encoding_.check(arch);
  const torch::Tensor& weights = path.weights;
  const int genes = encoding_.num_genes();
  if (weights.defined() && (weights.dim() != 1 || weights.size(0) != genes))
    throw std::invalid_argument("depth_fusion path weights must have shape [" + std::to_string(genes) + "], got " +
                                c10::str(weights.sizes()));
  check_input(input, plan_);
  const NetworkLiveness live = analyse_network(encoding_, arch);
  std::vector<bool> used(static_cast<size_t>(genes), false);
  auto scaled = [&](torch::Tensor x, int gene) {
    used[static_cast<size_t>(gene)] = true;
    return weights.defined() ? x * weights[gene] : x;
  };

  const std::vector<torch::Tensor> features = encoder_->forward(input);
  torch::Tensor previous;
  for (int b = 0; b < kNumBlocks; ++b) {
    if (!live.live_blocks[static_cast<size_t>(b)]) continue;
    const int k = NetworkPlan::feature_of_block(b);
    const int c = encoding_.cell_of_block(b);
    const torch::Tensor encoded =
        live.reads_encoder[static_cast<size_t>(b)] ? projections_[static_cast<size_t>(b)]->forward(features[static_cast<size_t>(k)])
                                                   : torch::Tensor();
    const std::vector<int> ops = encoding_.cell_ops(arch, c);
    SuperCell& cell = cells_[static_cast<size_t>(c)];
    torch::Tensor out = run_cell(encoding_.cell(), live.cells[static_cast<size_t>(b)], b == 0 ? encoded : previous,
                                 encoded, [&](int e, const torch::Tensor& x) {
                                   const int op = ops[static_cast<size_t>(e)];
                                   return scaled(run_cell_op(op, cell->op(e, op), x), encoding_.edge_gene(c, e));
                                 });
    if (!out.defined())  // an invalid cell: zeros, as a cell of none edges computes
      out = torch::zeros({input.size(0), plan_.features, features[static_cast<size_t>(k)].size(2),
                          features[static_cast<size_t>(k)].size(3)},
                         input.options());
    const int up = encoding_.upsampling(arch, c);
    out = upsamplers_[static_cast<size_t>(c)][static_cast<size_t>(up)]->forward(out);
    previous = encoding_.searches_upsampling() ? scaled(out, encoding_.upsampling_gene(c)) : out;
  }
  torch::Tensor output = head_->forward(previous);

  if (weights.defined()) {
    std::vector<int64_t> unused;
    for (int g = 0; g < genes; ++g)
      if (!used[static_cast<size_t>(g)]) unused.push_back(g);
    if (!unused.empty())
      output = output + weights.index_select(0, torch::tensor(unused, torch::kLong).to(weights.device())).sum() * 0;
  }
  return output;
}

}  // namespace naskernel::depth_fusion
