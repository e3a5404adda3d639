// A Fisher-Yates shuffle on naskernel::Rng, identical on every platform
// (std::shuffle's output depends on the standard library).
#pragma once

#include <naskernel/rng.h>

#include <utility>
#include <vector>

namespace naskernel::depth {

template <class T>
void shuffle(std::vector<T>& values, Rng& rng) {
  for (size_t i = values.size(); i > 1; --i) {
    const size_t j = static_cast<size_t>(rng.uniform_int(0, static_cast<int64_t>(i) - 1));
    std::swap(values[i - 1], values[j]);
  }
}

}  // namespace naskernel::depth
