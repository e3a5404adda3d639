// Choosing a smaller, class-balanced part of a data set.
#pragma once

#include <cstdint>
#include <vector>

namespace naskernel::classification {

// `count` indices into `labels`, sorted ascending. Classes take turns (in
// class order), each giving its next sample from its own order shuffled by
// `seed`; so class counts differ by at most one unless a class runs out,
// and the same seed always picks the same samples. Requires count <= size.
std::vector<int64_t> balanced_subset(const std::vector<int64_t>& labels, int64_t count, uint64_t seed);

}  // namespace naskernel::classification
