#include "df_standalone.h"

#include <naskernel/errors.h>

namespace naskernel::depth_fusion {

namespace nn = torch::nn;

FusionBlockImpl::FusionBlockImpl(const CellShape& shape, const std::vector<int>& ops, const CellLiveness& live,
                                 bool reads_encoder, int64_t encoder_channels, int upsampling, int64_t features,
                                 const BatchNormOptions& bn)
    : shape_(shape), ops_(ops), live_(live), edges_(static_cast<size_t>(shape.num_edges())) {
  if (reads_encoder) projection_ = register_module("projection", make_projection(encoder_channels, features));
  std::vector<std::pair<std::string, std::shared_ptr<nn::Module>>> edges;
  for (int e = 0; e < shape.num_edges(); ++e)
    if (live.live_edges[static_cast<size_t>(e)]) {
      edges_[static_cast<size_t>(e)] = make_cell_op(ops[static_cast<size_t>(e)], features, bn);
      edges.emplace_back(shape.edge_name(e), edges_[static_cast<size_t>(e)]);
    }
  register_module("edges", nn::ModuleDict(edges));
  upsample_ = register_module("upsample", Upsampler(upsampling, features));
}

torch::Tensor FusionBlockImpl::forward(const torch::Tensor& previous, const torch::Tensor& feature, bool first_block) {
  const torch::Tensor encoded = projection_ ? projection_->forward(feature) : torch::Tensor();
  torch::Tensor out = run_cell(shape_, live_, first_block ? encoded : previous, encoded,
                               [&](int e, const torch::Tensor& x) {
                                 return run_cell_op(ops_[static_cast<size_t>(e)], *edges_[static_cast<size_t>(e)], x);
                               });
  return upsample_->forward(out);
}

DepthFusionStandaloneNet::DepthFusionStandaloneNet(const Encoding& encoding, const Arch& arch,
                                                   const DepthFusionOptions& options, const NetworkPlan& plan)
    : plan_(plan) {
  if (const std::string reason = invalid_reason(encoding, arch); !reason.empty())
    throw UserError("cannot build an invalid depth_fusion architecture: " + reason);
  const NetworkLiveness live = analyse_network(encoding, arch);
  encoder_ = register_module("encoder", make_encoder(options, plan));
  std::vector<std::pair<std::string, std::shared_ptr<nn::Module>>> blocks;
  for (int b = 0; b < kNumBlocks; ++b) {
    if (!live.live_blocks[static_cast<size_t>(b)]) {
      blocks_.emplace_back(nullptr);
      continue;
    }
    const int c = encoding.cell_of_block(b);
    blocks_.emplace_back(encoding.cell(), encoding.cell_ops(arch, c), live.cells[static_cast<size_t>(b)],
                         live.reads_encoder[static_cast<size_t>(b)],
                         plan.encoder.channels[static_cast<size_t>(NetworkPlan::feature_of_block(b))],
                         encoding.upsampling(arch, c), plan.features, options.standalone_bn);
    blocks.emplace_back("block" + std::to_string(b + 1), blocks_.back().ptr());
  }
  register_module("blocks", nn::ModuleDict(blocks));
  head_ = register_module("head", DepthHead(plan, options.output_activation));
}

torch::Tensor DepthFusionStandaloneNet::forward(const torch::Tensor& input) {
  check_input(input, plan_);
  const std::vector<torch::Tensor> features = encoder_->forward(input);
  torch::Tensor previous;
  for (int b = 0; b < kNumBlocks; ++b)
    if (auto& block = blocks_[static_cast<size_t>(b)])
      previous = block->forward(previous, features[static_cast<size_t>(NetworkPlan::feature_of_block(b))], b == 0);
  return head_->forward(previous);
}

}  // namespace naskernel::depth_fusion
