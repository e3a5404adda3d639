// The search-time partition of the training set.
//
// From the N training samples, `valid_fraction` (rounded) are held out first
// as search_valid; the rest form the search pool, of which `train_fraction`
// (rounded) become search_train and the remainder search_landmark. The three
// never overlap and together cover the training set. Which samples go where
// depends only on N, the fractions and `seed`. Each list is sorted.
#pragma once

#include <cstdint>
#include <vector>

namespace naskernel::depth {

struct SearchSplits {
  std::vector<int64_t> search_train;     // super-net loss
  std::vector<int64_t> search_landmark;  // landmark loss, architecture steps
  std::vector<int64_t> search_valid;     // ranking architectures
};

// Throws DataError when a split would be empty.
SearchSplits draw_search_splits(int64_t train_count, double train_fraction, double valid_fraction, uint64_t seed);

}  // namespace naskernel::depth
