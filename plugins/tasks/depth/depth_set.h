// A depth data set held as plain arrays, before it becomes tensors.
//
// Readers and the scene generator fill this without LibTorch, so that they
// compile quickly and can be tested on their own; the task turns it into
// tensors in one place.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace naskernel::depth {

struct ImageSize {
  int64_t height = 0;
  int64_t width = 0;
  bool operator==(const ImageSize& other) const { return height == other.height && width == other.width; }
  bool operator!=(const ImageSize& other) const { return !(*this == other); }
  int64_t pixels() const { return height * width; }
};

// "32x48" (height x width), the form every message uses.
inline std::string to_string(const ImageSize& size) {
  return std::to_string(size.height) + "x" + std::to_string(size.width);
}

// Every sample has an RGB image and a disparity map of the same size.
// Disparity is inverse depth (any positive scale); a pixel is valid when its
// mask byte is 1, and invalid pixels hold disparity 0.
struct DepthSet {
  ImageSize size;
  std::vector<uint8_t> rgb;        // [count, 3, height, width], channel planes
  std::vector<float> disparity;    // [count, height, width]
  std::vector<uint8_t> valid;      // [count, height, width], 1 = valid, 0 = masked
  std::vector<std::string> names;  // where each sample came from, for messages

  int64_t count() const { return static_cast<int64_t>(names.size()); }
  int64_t image_values() const { return 3 * size.pixels(); }
};

struct TrainTestDepth {
  DepthSet train;
  DepthSet test;
};

// Appends one sample; the arrays must have the set's size.
void append_sample(DepthSet& set, const std::vector<uint8_t>& rgb, const std::vector<float>& disparity,
                   const std::vector<uint8_t>& valid, std::string name);

// Per-channel mean and standard deviation of the pixels scaled to [0, 1].
struct ChannelStatistics {
  std::vector<double> mean;
  std::vector<double> std;
};
ChannelStatistics channel_statistics(const DepthSet& set);

// Divides each sample's disparity by the median of its valid disparities,
// so that every image weighs alike in the loss whatever its units.
void normalize_disparity_by_median(DepthSet& set);

}  // namespace naskernel::depth
