// Decoding image files with stb_image; every failure names the file.
#pragma once

#include "depth_set.h"

#include <cstdint>
#include <string>
#include <vector>

namespace naskernel::depth {

// An RGB image as three channel planes (grey files are expanded to RGB).
struct RgbImage {
  ImageSize size;
  std::vector<uint8_t> planes;  // [3, height, width]
};

// Decodes a PNG or JPEG file. Throws DataError naming the file when it does not decode.
RgbImage decode_rgb(const std::string& file);

// A single-channel PNG (depth, disparity or mask), 8 or 16 bits per value.
struct GreyImage {
  ImageSize size;
  int bits = 8;                  // 8 or 16
  std::vector<uint16_t> values;  // [height, width]
};

// Decodes a grey PNG; `what` ("depth map", "mask") starts the messages.
// Grey with alpha keeps the grey channel; a colour PNG is accepted only when
// its red, green and blue agree at every pixel (grey saved as colour).
// Throws DataError naming the file otherwise.
GreyImage decode_grey_png(const std::string& file, const std::string& what);

}  // namespace naskernel::depth
