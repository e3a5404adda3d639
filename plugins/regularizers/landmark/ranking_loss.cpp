#include "ranking_loss.h"

#include <naskernel/errors.h>
#include <naskernel/suggest.h>

#include <algorithm>
#include <cmath>

namespace naskernel::landmark {

const std::vector<std::string>& formulation_names() {
  static const std::vector<std::string> names = {"hinge", "softplus", "logistic"};
  return names;
}

RankingLoss RankingLoss::from_config(const Config& config) {
  RankingLoss loss;
  const std::string name = config.get<std::string>("formulation", "hinge");
  const auto& names = formulation_names();
  const auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) {
    std::string choices;
    for (const auto& candidate : names) choices += (choices.empty() ? "" : ", ") + candidate;
    throw ConfigError(config.location("formulation") + "key `" + config.path("formulation") + "` must be one of " +
                      choices + ", got \"" + name + "\"" + did_you_mean(name, names));
  }
  loss.formulation = static_cast<RankingFormulation>(it - names.begin());

  loss.margin = config.get<double>("margin", 0.0);
  if (!(loss.margin >= 0) || !std::isfinite(loss.margin))
    throw ConfigError(config.location("margin") + "key `" + config.path("margin") +
                      "` must be a finite number >= 0, got " + std::to_string(loss.margin));

  if (config.has("beta") && loss.formulation != RankingFormulation::softplus)
    throw ConfigError(config.location("beta") + "key `" + config.path("beta") + "` only applies when `" +
                      config.path("formulation") + "` is \"softplus\"");
  loss.beta = config.get<double>("beta", 1.0);
  if (!(loss.beta > 0) || !std::isfinite(loss.beta))
    throw ConfigError(config.location("beta") + "key `" + config.path("beta") +
                      "` must be a finite number > 0, got " + std::to_string(loss.beta));
  return loss;
}

torch::Tensor RankingLoss::operator()(const torch::Tensor& better_loss, const torch::Tensor& worse_loss) const {
  const torch::Tensor violation = better_loss - worse_loss + margin;
  switch (formulation) {
    case RankingFormulation::hinge:
      return torch::relu(violation);
    case RankingFormulation::softplus:
      // torch's softplus(x, beta) is softplus(beta * x) / beta, linear (and
      // overflow-free) where beta * x exceeds the threshold.
      return torch::softplus(violation, beta, /*threshold=*/20.0);
    case RankingFormulation::logistic:
      return torch::softplus(violation, 1.0, /*threshold=*/20.0);
  }
  return violation;
}

}  // namespace naskernel::landmark
