#include "classification_objective.h"

#include <stdexcept>
#include <string>

namespace naskernel::classification {
namespace {

void check_logits(const torch::Tensor& logits, const torch::Tensor& targets) {
  if (logits.dim() != 2 || targets.dim() != 1 || logits.size(0) != targets.size(0))
    throw std::invalid_argument("classification expects logits [batch, classes] and targets [batch], got logits " +
                                c10::str(logits.sizes()) + " and targets " + c10::str(targets.sizes()));
}

}  // namespace

torch::Tensor smoothed_cross_entropy(const torch::Tensor& logits, const torch::Tensor& targets, double smoothing) {
  check_logits(logits, targets);
  if (smoothing < 0 || smoothing > 1)
    throw std::invalid_argument("label smoothing must lie in [0, 1], got " + std::to_string(smoothing));
  const torch::Tensor log_probs = torch::log_softmax(logits, 1);
  const torch::Tensor true_class = -log_probs.gather(1, targets.to(logits.device()).unsqueeze(1)).squeeze(1);
  if (smoothing == 0) return true_class.mean();
  const torch::Tensor uniform = -log_probs.mean(1);
  return ((1 - smoothing) * true_class + smoothing * uniform).mean();
}

std::vector<double> topk_correct_percent_sums(const torch::Tensor& logits, const torch::Tensor& targets,
                                              const std::vector<int64_t>& ks) {
  check_logits(logits, targets);
  torch::NoGradGuard no_grad;
  std::vector<double> sums;
  if (ks.empty()) return sums;
  const int64_t max_k = std::min(*std::max_element(ks.begin(), ks.end()), logits.size(1));
  // Ranked class indices; a hit at rank r counts for every k > r.
  const torch::Tensor ranked = std::get<1>(logits.detach().topk(max_k, 1, true, true));
  const torch::Tensor hits = ranked.eq(targets.to(ranked.device()).unsqueeze(1)).to(torch::kDouble);
  for (int64_t k : ks) {
    const int64_t capped = std::min(k, max_k);
    sums.push_back(100.0 * hits.narrow(1, 0, capped).sum().item<double>());
  }
  return sums;
}

}  // namespace naskernel::classification
