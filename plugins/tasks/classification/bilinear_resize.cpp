#include "bilinear_resize.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace naskernel::classification {
namespace {

// For each output coordinate, the two source coordinates and the weight of the second.
struct Taps {
  std::vector<int64_t> low, high;
  std::vector<float> weight;
};

Taps bilinear_taps(int64_t from, int64_t to) {
  Taps taps;
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

void resize_bilinear(const uint8_t* source, int64_t channels, ImageSize from, uint8_t* target, ImageSize to) {
  const Taps rows = bilinear_taps(from.height, to.height);
  const Taps cols = bilinear_taps(from.width, to.width);
  for (int64_t c = 0; c < channels; ++c) {
    const uint8_t* plane = source + c * from.height * from.width;
    uint8_t* out = target + c * to.height * to.width;
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
}

void resize_images(ImageSet& set, ImageSize to) {
  if (set.size() == to) return;
  const ImageSize from = set.size();
  std::vector<uint8_t> resized(static_cast<size_t>(set.count() * set.channels * to.height * to.width));
  const int64_t in_bytes = set.image_bytes(), out_bytes = set.channels * to.height * to.width;
  for (int64_t n = 0; n < set.count(); ++n)
    resize_bilinear(set.pixels.data() + n * in_bytes, set.channels, from, resized.data() + n * out_bytes, to);
  set.pixels = std::move(resized);
  set.height = to.height;
  set.width = to.width;
}

}  // namespace naskernel::classification
