#include "png_decode.h"

#include <naskernel/errors.h>

#include <memory>

// Static, so that this copy of stb_image never clashes with another one
// (another plugin, or the tests' stb_image_write).
#define STB_IMAGE_STATIC
#define STB_IMAGE_IMPLEMENTATION
#define STBI_ONLY_PNG
#define STBI_ONLY_JPEG
#include <stb/stb_image.h>

namespace naskernel::depth {
namespace {

using Decoded = std::unique_ptr<void, void (*)(void*)>;

std::string failure(const std::string& what, const std::string& file) {
  const char* reason = stbi_failure_reason();
  return what + " " + file + " cannot be decoded: " + (reason ? reason : "unknown reason");
}

// Channel 0 of every pixel of an interleaved buffer, after checking that a
// colour buffer is really grey.
template <class T>
std::vector<uint16_t> grey_channel(const T* data, int64_t pixels, int channels, const std::string& what,
                                   const std::string& file) {
  std::vector<uint16_t> values(static_cast<size_t>(pixels));
  for (int64_t i = 0; i < pixels; ++i) {
    const T* pixel = data + i * channels;
    if (channels >= 3 && (pixel[1] != pixel[0] || pixel[2] != pixel[0]))
      throw DataError(what + " " + file + " is a colour PNG (pixel " + std::to_string(i) +
                      " has different red, green and blue); expected a single-channel (grey) PNG");
    values[static_cast<size_t>(i)] = static_cast<uint16_t>(pixel[0]);
  }
  return values;
}

}  // namespace

RgbImage decode_rgb(const std::string& file) {
  int width = 0, height = 0, channels_in_file = 0;
  Decoded decoded(stbi_load(file.c_str(), &width, &height, &channels_in_file, 3), &stbi_image_free);
  if (!decoded) throw DataError(failure("image", file));
  RgbImage image;
  image.size = {height, width};
  const int64_t pixels = image.size.pixels();
  image.planes.resize(static_cast<size_t>(3 * pixels));
  const auto* interleaved = static_cast<const uint8_t*>(decoded.get());
  // stb gives interleaved HWC; the set stores channel planes (CHW).
  for (int64_t c = 0; c < 3; ++c)
    for (int64_t i = 0; i < pixels; ++i) image.planes[static_cast<size_t>(c * pixels + i)] = interleaved[i * 3 + c];
  return image;
}

GreyImage decode_grey_png(const std::string& file, const std::string& what) {
  int width = 0, height = 0, channels = 0;
  if (!stbi_info(file.c_str(), &width, &height, &channels)) throw DataError(failure(what, file));
  GreyImage image;
  image.bits = stbi_is_16_bit(file.c_str()) ? 16 : 8;
  Decoded decoded(image.bits == 16 ? static_cast<void*>(stbi_load_16(file.c_str(), &width, &height, &channels, 0))
                                   : static_cast<void*>(stbi_load(file.c_str(), &width, &height, &channels, 0)),
                  &stbi_image_free);
  if (!decoded) throw DataError(failure(what, file));
  image.size = {height, width};
  if (image.bits == 16)
    image.values = grey_channel(static_cast<const uint16_t*>(decoded.get()), image.size.pixels(), channels, what, file);
  else
    image.values = grey_channel(static_cast<const uint8_t*>(decoded.get()), image.size.pixels(), channels, what, file);
  return image;
}

}  // namespace naskernel::depth
