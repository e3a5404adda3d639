#include "image_set.h"

#include <cmath>
#include <cstring>
#include <stdexcept>

namespace naskernel::classification {

ImageSet select_images(const ImageSet& set, const std::vector<int64_t>& indices) {
  ImageSet out;
  out.channels = set.channels;
  out.height = set.height;
  out.width = set.width;
  out.source = set.source;
  const int64_t bytes = set.image_bytes();
  out.pixels.resize(indices.size() * static_cast<size_t>(bytes));
  out.labels.reserve(indices.size());
  for (size_t i = 0; i < indices.size(); ++i) {
    const int64_t index = indices[i];
    if (index < 0 || index >= set.count())
      throw std::out_of_range("select_images: index " + std::to_string(index) + " outside [0, " +
                              std::to_string(set.count()) + ")");
    std::memcpy(out.pixels.data() + i * bytes, set.pixels.data() + index * bytes, static_cast<size_t>(bytes));
    out.labels.push_back(set.labels[static_cast<size_t>(index)]);
  }
  return out;
}

ChannelStatistics channel_statistics(const ImageSet& set) {
  // Integer sums are exact for any realistic data set (2^64 / 255^2 pixels).
  std::vector<uint64_t> sum(static_cast<size_t>(set.channels), 0), sum_sq(static_cast<size_t>(set.channels), 0);
  const int64_t plane = set.height * set.width;
  for (int64_t n = 0; n < set.count(); ++n)
    for (int64_t c = 0; c < set.channels; ++c) {
      const uint8_t* p = set.pixels.data() + (n * set.channels + c) * plane;
      uint64_t s = 0, q = 0;
      for (int64_t i = 0; i < plane; ++i) {
        s += p[i];
        q += static_cast<uint64_t>(p[i]) * p[i];
      }
      sum[static_cast<size_t>(c)] += s;
      sum_sq[static_cast<size_t>(c)] += q;
    }
  ChannelStatistics stats;
  const double count = static_cast<double>(set.count() * plane);
  for (int64_t c = 0; c < set.channels; ++c) {
    const double mean = count > 0 ? static_cast<double>(sum[static_cast<size_t>(c)]) / count / 255.0 : 0.0;
    const double mean_sq = count > 0 ? static_cast<double>(sum_sq[static_cast<size_t>(c)]) / count / (255.0 * 255.0) : 0.0;
    stats.mean.push_back(mean);
    stats.std.push_back(std::sqrt(std::max(0.0, mean_sq - mean * mean)));
  }
  return stats;
}

}  // namespace naskernel::classification
