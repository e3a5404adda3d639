// Uniform sampling of landmark pairs for the ranking loss.
//
// A valid pair is an unordered pair of distinct landmarks whose ground truths
// differ; ties carry no ranking information and are never paired. Every
// valid pair is equally likely.
//
// How: the landmarks are sorted best-first, so ties form contiguous groups.
// A landmark at sorted position p can pair with every position after the end
// of its tie group, all strictly worse. Numbering the valid pairs position by
// position, a prefix sum of these partner counts decodes a uniform integer
// in [0, valid_pairs()) into its pair with one binary search: O(K log K) to
// build, O(log K) per draw, exact (no rejection), and K is small anyway.
#pragma once

#include <naskernel/rng.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace naskernel::landmark {

class LandmarkPairSampler {
 public:
  struct Pair {
    size_t better;  // index into the ground truths given to the constructor
    size_t worse;
  };

  // Ground truths in any order; all must be finite (std::invalid_argument otherwise).
  LandmarkPairSampler(const std::vector<double>& ground_truths, bool higher_is_better);

  // Unordered pairs of landmarks with different ground truth.
  uint64_t valid_pairs() const { return partner_prefix_.empty() ? 0 : partner_prefix_.back(); }

  // One uniform valid pair; requires valid_pairs() > 0 (std::logic_error otherwise).
  Pair sample(Rng& rng) const;

 private:
  std::vector<size_t> order_;             // indices, best ground truth first
  std::vector<size_t> group_end_;         // per sorted position: one past its tie group
  std::vector<uint64_t> partner_prefix_;  // per sorted position: valid pairs up to and including it
};

}  // namespace naskernel::landmark
