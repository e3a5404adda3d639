// Resizing at load time: bilinear for images, nearest for depth and masks
// (interpolating depth would invent values across object boundaries, and
// interpolating a mask would blur validity). Both use pixel centres
// (half-pixel offsets), as OpenCV and PyTorch's align_corners=false do.
#pragma once

#include "depth_set.h"

#include <cstdint>
#include <vector>

namespace naskernel::depth {

// `source` holds `channels` planes of size `from`; the result `channels` planes of size `to`.
std::vector<uint8_t> resize_bilinear(const std::vector<uint8_t>& source, int64_t channels, ImageSize from,
                                     ImageSize to);

// For output pixel i of `to` pixels, the source pixel of `from` whose centre is nearest.
std::vector<int64_t> nearest_taps(int64_t from, int64_t to);

template <class T>
std::vector<T> resize_nearest(const std::vector<T>& source, ImageSize from, ImageSize to) {
  if (from == to) return source;
  const std::vector<int64_t> rows = nearest_taps(from.height, to.height);
  const std::vector<int64_t> cols = nearest_taps(from.width, to.width);
  std::vector<T> out(static_cast<size_t>(to.pixels()));
  for (int64_t y = 0; y < to.height; ++y)
    for (int64_t x = 0; x < to.width; ++x)
      out[static_cast<size_t>(y * to.width + x)] = source[static_cast<size_t>(rows[y] * from.width + cols[x])];
  return out;
}

}  // namespace naskernel::depth
