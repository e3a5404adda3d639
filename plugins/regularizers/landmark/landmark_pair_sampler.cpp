#include "landmark_pair_sampler.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>
#include <string>

namespace naskernel::landmark {

LandmarkPairSampler::LandmarkPairSampler(const std::vector<double>& ground_truths, bool higher_is_better) {
  for (size_t i = 0; i < ground_truths.size(); ++i)
    if (!std::isfinite(ground_truths[i]))
      throw std::invalid_argument("landmark " + std::to_string(i) + " has a non-finite ground truth");

  order_.resize(ground_truths.size());
  std::iota(order_.begin(), order_.end(), size_t{0});
  std::stable_sort(order_.begin(), order_.end(), [&](size_t a, size_t b) {
    return higher_is_better ? ground_truths[a] > ground_truths[b] : ground_truths[a] < ground_truths[b];
  });

  const size_t n = order_.size();
  group_end_.resize(n);
  for (size_t start = 0; start < n;) {
    size_t end = start + 1;
    while (end < n && ground_truths[order_[end]] == ground_truths[order_[start]]) ++end;
    std::fill(group_end_.begin() + start, group_end_.begin() + end, end);
    start = end;
  }

  partner_prefix_.resize(n);
  uint64_t total = 0;
  for (size_t p = 0; p < n; ++p) {
    total += n - group_end_[p];
    partner_prefix_[p] = total;
  }
}

LandmarkPairSampler::Pair LandmarkPairSampler::sample(Rng& rng) const {
  if (valid_pairs() == 0) throw std::logic_error("no landmark pair with different ground truths to sample");
  const uint64_t r = static_cast<uint64_t>(rng.uniform_int(0, static_cast<int64_t>(valid_pairs()) - 1));
  // The first position whose cumulative pair count exceeds r owns pair r.
  const size_t p = static_cast<size_t>(
      std::upper_bound(partner_prefix_.begin(), partner_prefix_.end(), r) - partner_prefix_.begin());
  const uint64_t before = p == 0 ? 0 : partner_prefix_[p - 1];
  const size_t q = group_end_[p] + static_cast<size_t>(r - before);
  return {order_[p], order_[q]};
}

}  // namespace naskernel::landmark
