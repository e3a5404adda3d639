// A decoded image data set held as plain bytes, before it becomes tensors.
//
// Readers fill this without LibTorch so that they compile quickly and can be
// tested on their own; the task converts it to tensors in one place.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace naskernel::classification {

struct ImageSize {
  int64_t height = 0;
  int64_t width = 0;
  bool operator==(const ImageSize& other) const { return height == other.height && width == other.width; }
  bool operator!=(const ImageSize& other) const { return !(*this == other); }
};

// "28x28" (height x width), the form every message uses.
inline std::string to_string(const ImageSize& size) {
  return std::to_string(size.height) + "x" + std::to_string(size.width);
}

struct ImageSet {
  int64_t channels = 0;
  int64_t height = 0;
  int64_t width = 0;
  std::vector<uint8_t> pixels;  // [count, channels, height, width], row-major
  std::vector<int64_t> labels;  // one class index per image
  std::string source;           // what the images were read from, for messages

  int64_t count() const { return static_cast<int64_t>(labels.size()); }
  int64_t image_bytes() const { return channels * height * width; }
  ImageSize size() const { return {height, width}; }
};

// The images at `indices` (in that order), labels included.
ImageSet select_images(const ImageSet& set, const std::vector<int64_t>& indices);

// Per-channel mean and standard deviation of the pixels scaled to [0, 1].
struct ChannelStatistics {
  std::vector<double> mean;
  std::vector<double> std;
};
ChannelStatistics channel_statistics(const ImageSet& set);

}  // namespace naskernel::classification
