#include "gumbel_softmax.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace naskernel::gdas {

torch::Tensor gumbel_noise(Rng& rng, const std::vector<int64_t>& choice_counts, int64_t width) {
  const int64_t genes = static_cast<int64_t>(choice_counts.size());
  torch::Tensor noise = torch::zeros({genes, width}, torch::kDouble);
  auto values = noise.accessor<double, 2>();
  for (int64_t g = 0; g < genes; ++g)
    for (int64_t c = 0; c < choice_counts[static_cast<size_t>(g)]; ++c) {
      double u = rng.uniform();
      while (u <= 0.0) u = rng.uniform();  // u = 0 would give -inf
      values[g][c] = -std::log(-std::log(u));
    }
  return noise;
}

std::vector<int> hard_choices(const torch::Tensor& logits, const torch::Tensor& padding, const torch::Tensor& noise) {
  torch::NoGradGuard no_grad;
  const torch::Tensor perturbed =
      (logits.detach().to(torch::kCPU, torch::kDouble) + noise.to(torch::kCPU, torch::kDouble))
          .masked_fill(padding.to(torch::kCPU), -std::numeric_limits<double>::infinity());
  const torch::Tensor index = perturbed.argmax(1);
  std::vector<int> choices(static_cast<size_t>(index.size(0)));
  auto values = index.accessor<int64_t, 1>();
  for (size_t g = 0; g < choices.size(); ++g) choices[g] = static_cast<int>(values[static_cast<int64_t>(g)]);
  return choices;
}

StraightThroughSample straight_through_sample(const torch::Tensor& logits, const torch::Tensor& padding,
                                              const torch::Tensor& noise, double tau) {
  if (!(tau > 0)) throw std::invalid_argument("gdas: the Gumbel-softmax temperature must be positive");
  StraightThroughSample sample;
  sample.choices = hard_choices(logits, padding, noise);
  const torch::Tensor perturbed =
      (logits + noise.to(logits.device(), logits.scalar_type()))
          .masked_fill(padding.to(logits.device()), -std::numeric_limits<double>::infinity());
  sample.probabilities = torch::softmax(perturbed / tau, 1);
  std::vector<int64_t> chosen(sample.choices.begin(), sample.choices.end());
  const torch::Tensor index = torch::tensor(chosen, torch::kLong).to(logits.device()).unsqueeze(1);
  const torch::Tensor one_hot = torch::zeros_like(sample.probabilities).scatter_(1, index, 1.0);
  const torch::Tensor hard = one_hot - sample.probabilities.detach() + sample.probabilities;
  sample.weights = hard.gather(1, index).squeeze(1);
  return sample;
}

}  // namespace naskernel::gdas
