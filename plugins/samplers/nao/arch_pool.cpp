#include "arch_pool.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

namespace naskernel::nao {

bool ArchPool::add(const Arch& arch, const std::string& key) {
  if (!keys_.insert(key).second) return false;
  archs_.push_back(arch);
  scores_.push_back(std::numeric_limits<double>::quiet_NaN());
  return true;
}

void ArchPool::set_scores(std::vector<double> scores) {
  if (scores.size() != archs_.size())
    throw std::runtime_error("nao: " + std::to_string(scores.size()) + " scores for a pool of " +
                             std::to_string(archs_.size()) + " architectures");
  scores_ = std::move(scores);
}

std::vector<size_t> ArchPool::ranking(bool higher_is_better) const {
  std::vector<size_t> order(archs_.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return ranks_before(scores_[a], scores_[b], higher_is_better);
  });
  return order;
}

void ArchPool::clear() {
  archs_.clear();
  scores_.clear();
  keys_.clear();
}

std::vector<double> normalised_targets(const std::vector<double>& scores, bool higher_is_better) {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  for (double s : scores)
    if (std::isfinite(s)) lo = std::min(lo, s), hi = std::max(hi, s);
  std::vector<double> targets(scores.size(), 0.0);
  for (size_t i = 0; i < scores.size(); ++i) {
    const double s = scores[i];
    if (!std::isfinite(s)) continue;
    if (!(hi > lo)) {
      targets[i] = 0.5;
      continue;
    }
    const double t = (s - lo) / (hi - lo);
    targets[i] = higher_is_better ? t : 1.0 - t;
  }
  return targets;
}

}  // namespace naskernel::nao
