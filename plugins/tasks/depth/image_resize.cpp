#include "image_resize.h"

#include <algorithm>
#include <cmath>

namespace naskernel::depth {
namespace {

// For each output coordinate, the two source coordinates and the weight of the second.
struct BilinearTaps {
  std::vector<int64_t> low, high;
  std::vector<float> weight;
};

BilinearTaps bilinear_taps(int64_t from, int64_t to) {
  BilinearTaps taps;
  const double scale = static_cast<double>(from) / static_cast<double>(to);
  for (int64_t i = 0; i < to; ++i) {
    const double x = std::max(0.0, (static_cast<double>(i) + 0.5) * scale - 0.5);
    const int64_t low = std::min<int64_t>(static_cast<int64_t>(x), from - 1);
    taps.low.push_back(low);
    taps.high.push_back(std::min<int64_t>(low + 1, from - 1));
    taps.weight.push_back(static_cast<float>(x - static_cast<double>(low)));
  }
  return taps;
}

}  // namespace

std::vector<int64_t> nearest_taps(int64_t from, int64_t to) {
  std::vector<int64_t> taps;
  const double scale = static_cast<double>(from) / static_cast<double>(to);
  for (int64_t i = 0; i < to; ++i) {
    const auto source = static_cast<int64_t>(std::floor((static_cast<double>(i) + 0.5) * scale));
    taps.push_back(std::clamp<int64_t>(source, 0, from - 1));
  }
  return taps;
}

std::vector<uint8_t> resize_bilinear(const std::vector<uint8_t>& source, int64_t channels, ImageSize from,
                                     ImageSize to) {
  if (from == to) return source;
  const BilinearTaps rows = bilinear_taps(from.height, to.height);
  const BilinearTaps cols = bilinear_taps(from.width, to.width);
  std::vector<uint8_t> target(static_cast<size_t>(channels * to.pixels()));
  for (int64_t c = 0; c < channels; ++c) {
    const uint8_t* plane = source.data() + c * from.pixels();
    uint8_t* out = target.data() + c * to.pixels();
    for (int64_t y = 0; y < to.height; ++y) {
      const uint8_t* top = plane + rows.low[y] * from.width;
      const uint8_t* bottom = plane + rows.high[y] * from.width;
      const float wy = rows.weight[y];
      for (int64_t x = 0; x < to.width; ++x) {
        const float wx = cols.weight[x];
        const float upper = top[cols.low[x]] + wx * (top[cols.high[x]] - top[cols.low[x]]);
        const float lower = bottom[cols.low[x]] + wx * (bottom[cols.high[x]] - bottom[cols.low[x]]);
        const float value = upper + wy * (lower - upper);
        out[y * to.width + x] = static_cast<uint8_t>(std::clamp(std::lround(value), 0L, 255L));
      }
    }
  }
  return target;
}

}  // namespace naskernel::depth
