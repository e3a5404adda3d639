// One depth_fusion architecture as a network trained from scratch. Each
// block has its own weights, in sync mode too (there the four blocks share
// the genotype, not the weights). Only what reaches the output is built:
// live blocks, their live edges, and the projections they read.
#pragma once

#include "df_encoders.h"
#include "df_encoding.h"
#include "df_layers.h"
#include "df_liveness.h"
#include "df_options.h"
#include "df_plan.h"

#include <naskernel/search_space.h>

#include <vector>

namespace naskernel::depth_fusion {

// One fusion block: projection (if read), its cell's live edges
// (`edges.<to><-<from>`), its x2 upsampling.
class FusionBlockImpl : public torch::nn::Module {
 public:
  FusionBlockImpl(const CellShape& shape, const std::vector<int>& ops, const CellLiveness& live, bool reads_encoder,
                  int64_t encoder_channels, int upsampling, int64_t features, const BatchNormOptions& bn);
  // `previous` is undefined when the cell does not read it; block 1 passes
  // its encoder feature as both inputs.
  torch::Tensor forward(const torch::Tensor& previous, const torch::Tensor& feature, bool first_block);

 private:
  CellShape shape_;
  std::vector<int> ops_;
  CellLiveness live_;
  torch::nn::Conv2d projection_{nullptr};
  std::vector<std::shared_ptr<torch::nn::Module>> edges_;  // per edge, null when dead
  Upsampler upsample_{nullptr};
};
TORCH_MODULE(FusionBlock);

class DepthFusionStandaloneNet : public StandaloneNet {
 public:
  // Throws UserError for an invalid architecture.
  DepthFusionStandaloneNet(const Encoding& encoding, const Arch& arch, const DepthFusionOptions& options,
                           const NetworkPlan& plan);
  torch::Tensor forward(const torch::Tensor& input) override;

 private:
  NetworkPlan plan_;
  std::shared_ptr<EncoderImpl> encoder_;
  std::vector<FusionBlock> blocks_;  // per block, null when the block is dead
  DepthHead head_{nullptr};
};

}  // namespace naskernel::depth_fusion
