// The depth_fusion super-net. Weights: one set per (cell, edge, op) and per
// (cell, upsampling), where sync has one cell shared by the four blocks and
// non-sync one per block; the encoder, the four projections and the head
// are not searched and exist once. A path runs only its ops.
#pragma once

#include "df_encoders.h"
#include "df_encoding.h"
#include "df_layers.h"
#include "df_options.h"
#include "df_plan.h"

#include <naskernel/search_space.h>

#include <vector>

namespace naskernel::depth_fusion {

// Every candidate op on every edge of one cell
// (`edges.<to><-<from>.<op>`); `none` has no module.
class SuperCellImpl : public torch::nn::Module {
 public:
  SuperCellImpl(const CellShape& shape, int64_t channels, const BatchNormOptions& bn);
  torch::nn::Module& op(int edge, int op) { return *candidates_[static_cast<size_t>(edge)][static_cast<size_t>(op)]; }

 private:
  std::vector<std::vector<std::shared_ptr<torch::nn::Module>>> candidates_;
};
TORCH_MODULE(SuperCell);

class DepthFusionSuperNet : public SuperNet {
 public:
  DepthFusionSuperNet(const Encoding& encoding, const DepthFusionOptions& options, const NetworkPlan& plan);

  // Runs the blocks, edges and upsamplings of path.choices (one per gene)
  // that reach the output. With path.weights (float [genes]) each chosen
  // op's output, and in v2 each upsampling's, is multiplied by its gene's
  // weight (in sync mode, in every block). Genes whose op contributes
  // nothing (none, dead edges, unread blocks) join the output as
  // weights * 0, so they get a zero gradient. A path with an invalid cell
  // runs too: that cell outputs zeros.
  torch::Tensor forward(const torch::Tensor& input, const Path& path) override;

 private:
  Encoding encoding_;
  NetworkPlan plan_;
  std::shared_ptr<EncoderImpl> encoder_;
  std::vector<torch::nn::Conv2d> projections_;  // per block
  std::vector<SuperCell> cells_;                // per cell
  std::vector<std::vector<Upsampler>> upsamplers_;  // per cell, per upsampling choice (v1: bilinear only)
  DepthHead head_{nullptr};
};

}  // namespace naskernel::depth_fusion
