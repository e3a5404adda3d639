// The weight-sharing NB101 super-net of Yu et al. (ICLR 2020, "Evaluating
// the search phase of neural architecture search"; their NasBenchNetSearch
// with MixedVertex vertices), which the landmark paper trains.
//
// Every cell holds, for each interior vertex 1..5, one input projection
// (conv1x1-bn-relu from the cell input), a conv3x3-bn-relu and a
// conv1x1-bn-relu, all at the cell's full output width, plus the input ->
// output projection. A path is pruned first; its interior vertices, in
// order, use the weights of vertices 1, 2, ... and the official channel
// rule gives each vertex its width c_v. An op then uses the leading slice
// of its shared kernel (the first c_v output channels; the first input
// channels the tensor has) and the same slice of its BN scale and offset:
// the reference's fixed_chunck channel handling, computed only for the
// channels it keeps. Edges between interior vertices keep the first
// channels, edges from the input run the vertex's projection, and the
// output concatenates the vertices that feed it and adds the projected
// input when the input -> output edge exists.
#pragma once

#include <naskernel/search_space.h>

#include <vector>

#include "nb101_layout.h"
#include "nb101_options.h"
#include "nb101_pruning.h"

namespace naskernel::nb101 {

// conv-bn-relu whose kernel [out, in, k, k] and BN are shared by every
// width up to the full one; forward(x, c) uses the leading slices.
class SharedConvBnReluImpl : public torch::nn::Module {
 public:
  SharedConvBnReluImpl(int64_t in_channels, int64_t out_channels, int64_t kernel, const BatchNormOptions& bn);
  torch::Tensor forward(const torch::Tensor& x, int64_t out_channels);

 private:
  int64_t kernel_;
  BatchNormOptions bn_;
  torch::Tensor weight_, bn_weight_, bn_bias_, running_mean_, running_var_;
};
TORCH_MODULE(SharedConvBnRelu);

// What one path runs in every cell: the pruned cell and, for the path
// weights, the gene of each of its edges and interior ops.
struct CellPlan {
  PrunedCell pruned;
  std::array<std::array<int, kNumVertices>, kNumVertices> edge_gene{};  // [from][to], pruned indices
  std::array<int, kNumVertices> op_gene{};
  std::vector<int64_t> unused_genes;  // genes that contribute nothing
};

class SuperCellImpl : public torch::nn::Module {
 public:
  SuperCellImpl(int64_t in_channels, int64_t out_channels, const BatchNormOptions& bn);
  // `weights`, when defined ([26]), scales each used edge and op.
  torch::Tensor forward(const torch::Tensor& x, const CellPlan& plan, const torch::Tensor& weights);

 private:
  int64_t in_channels_, out_channels_;
  // Indexed by vertex 1..5 (0 unused).
  std::vector<SharedConvBnRelu> projections_ =
      std::vector<SharedConvBnRelu>(kNumVertices - 1, SharedConvBnRelu(nullptr));
  std::vector<SharedConvBnRelu> conv3x3_ = std::vector<SharedConvBnRelu>(kNumVertices - 1, SharedConvBnRelu(nullptr));
  std::vector<SharedConvBnRelu> conv1x1_ = std::vector<SharedConvBnRelu>(kNumVertices - 1, SharedConvBnRelu(nullptr));
  SharedConvBnRelu output_projection_{nullptr};
};
TORCH_MODULE(SuperCell);

// The plan of a valid architecture; throws std::invalid_argument otherwise.
CellPlan plan_of(const std::vector<int>& choices);

class Nb101SuperNet : public SuperNet {
 public:
  Nb101SuperNet(const Layout& layout, const BatchNormOptions& bn);

  // Runs path.choices (26 genes, a valid architecture). With path.weights
  // ([26]), each edge's tensor and each vertex op's output is multiplied by
  // its gene's weight; genes that contribute nothing (absent or pruned
  // edges, ops of pruned vertices) join the logits as weights * 0, so they
  // get an exact zero gradient.
  torch::Tensor forward(const torch::Tensor& input, const Path& path) override;

  const Layout& layout() const { return layout_; }

 private:
  Layout layout_;
  SharedConvBnRelu stem_{nullptr};
  std::vector<std::vector<SuperCell>> stacks_;
  torch::nn::Linear classifier_{nullptr};
};

}  // namespace naskernel::nb101
