#include "depth_set.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace naskernel::depth {

void append_sample(DepthSet& set, const std::vector<uint8_t>& rgb, const std::vector<float>& disparity,
                   const std::vector<uint8_t>& valid, std::string name) {
  const auto pixels = static_cast<size_t>(set.size.pixels());
  if (rgb.size() != 3 * pixels || disparity.size() != pixels || valid.size() != pixels)
    throw std::logic_error("append_sample: arrays do not match the set's size " + to_string(set.size));
  set.rgb.insert(set.rgb.end(), rgb.begin(), rgb.end());
  set.disparity.insert(set.disparity.end(), disparity.begin(), disparity.end());
  set.valid.insert(set.valid.end(), valid.begin(), valid.end());
  set.names.push_back(std::move(name));
}

ChannelStatistics channel_statistics(const DepthSet& set) {
  ChannelStatistics stats{std::vector<double>(3, 0.0), std::vector<double>(3, 0.0)};
  const int64_t pixels = set.size.pixels();
  const double count = static_cast<double>(set.count() * pixels);
  if (count == 0) return stats;
  for (int64_t c = 0; c < 3; ++c) {
    double sum = 0, squares = 0;
    for (int64_t n = 0; n < set.count(); ++n) {
      const uint8_t* plane = set.rgb.data() + (n * 3 + c) * pixels;
      for (int64_t i = 0; i < pixels; ++i) {
        const double v = plane[i] / 255.0;
        sum += v;
        squares += v * v;
      }
    }
    const double mean = sum / count;
    stats.mean[static_cast<size_t>(c)] = mean;
    stats.std[static_cast<size_t>(c)] = std::sqrt(std::max(0.0, squares / count - mean * mean));
  }
  return stats;
}

void normalize_disparity_by_median(DepthSet& set) {
  const int64_t pixels = set.size.pixels();
  std::vector<float> values;
  for (int64_t n = 0; n < set.count(); ++n) {
    float* disparity = set.disparity.data() + n * pixels;
    const uint8_t* valid = set.valid.data() + n * pixels;
    values.clear();
    for (int64_t i = 0; i < pixels; ++i)
      if (valid[i]) values.push_back(disparity[i]);
    if (values.empty()) continue;  // readers reject such samples before this
    // The lower median, as torch.median takes it.
    auto middle = values.begin() + static_cast<std::ptrdiff_t>((values.size() - 1) / 2);
    std::nth_element(values.begin(), middle, values.end());
    const float median = *middle;
    if (!(median > 0)) continue;
    for (int64_t i = 0; i < pixels; ++i) disparity[i] /= median;
  }
}

}  // namespace naskernel::depth
