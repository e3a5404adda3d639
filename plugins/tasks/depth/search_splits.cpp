#include "search_splits.h"

#include "shuffle.h"

#include <naskernel/errors.h>
#include <naskernel/rng.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

namespace naskernel::depth {

SearchSplits draw_search_splits(int64_t train_count, double train_fraction, double valid_fraction, uint64_t seed) {
  std::vector<int64_t> order(static_cast<size_t>(train_count));
  std::iota(order.begin(), order.end(), int64_t{0});
  Rng rng(Rng::derive(seed, "depth.search_splits"));
  shuffle(order, rng);

  const int64_t valid = std::llround(static_cast<double>(train_count) * valid_fraction);
  const int64_t pool = train_count - valid;
  const int64_t train = std::llround(static_cast<double>(pool) * train_fraction);
  const int64_t landmark = pool - train;
  if (valid <= 0 || train <= 0 || landmark <= 0)
    throw DataError("the training set of " + std::to_string(train_count) +
                    " images is too small for the search splits: search_train " + std::to_string(train) +
                    ", search_landmark " + std::to_string(landmark) + ", search_valid " + std::to_string(valid) +
                    " images; each needs at least one (check `train_size`, `search_train_fraction` and "
                    "`search_valid_fraction`)");

  SearchSplits splits;
  splits.search_valid.assign(order.begin(), order.begin() + valid);
  splits.search_train.assign(order.begin() + valid, order.begin() + valid + train);
  splits.search_landmark.assign(order.begin() + valid + train, order.end());
  for (auto* split : {&splits.search_train, &splits.search_landmark, &splits.search_valid})
    std::sort(split->begin(), split->end());
  return splits;
}

}  // namespace naskernel::depth
