// The pairwise ranking loss of one landmark pair: it penalises the super-net
// when the better landmark a does not have a lower loss than the worse one b
// by at least `margin`. With d = L(a) - L(b) + margin:
//   hinge     relu(d)                       (the paper's)
//   softplus  softplus(beta * d) / beta     (a smooth hinge; beta -> inf gives relu)
//   logistic  -log sigmoid(-d) = softplus(d)   (RankNet-style; computed as the
//             softplus, which is stable for large |d|)
//
// Manifest keys (optional):
//   formulation = "hinge"   one of hinge, softplus, logistic
//   margin      = 0         >= 0, in units of the task loss
//   beta        = 1         > 0, only with formulation = "softplus"
#pragma once

#include <naskernel/config.h>

#include <torch/torch.h>

#include <string>
#include <vector>

namespace naskernel::landmark {

enum class RankingFormulation { hinge, softplus, logistic };

struct RankingLoss {
  RankingFormulation formulation = RankingFormulation::hinge;
  double margin = 0;
  double beta = 1;

  static RankingLoss from_config(const Config& config);

  // Scalar losses L(a) of the better and L(b) of the worse landmark, with graph.
  torch::Tensor operator()(const torch::Tensor& better_loss, const torch::Tensor& worse_loss) const;
};

// The names accepted by `formulation`, in the order of RankingFormulation.
const std::vector<std::string>& formulation_names();

}  // namespace naskernel::landmark
