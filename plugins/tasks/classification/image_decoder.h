#pragma once
// PNG and JPEG decoding for the image-folder reader: Debian's stb_image,
// behind one function, with the checks this stb version needs first.

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <vector>

namespace naskernel::classification {

// Why an image could not be decoded (stb's reason, or ours); the reader adds
// the file name.
class ImageDecodeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct DecodedImage {
  // height x width x channels, interleaved; stb allocates with malloc
  std::unique_ptr<uint8_t, void (*)(void*)> pixels{nullptr, &std::free};
  int height = 0;
  int width = 0;
};

// Decodes PNG or JPEG bytes into `channels` channels (1 or 3), converting
// from what the file holds. Throws ImageDecodeError.
DecodedImage decode_image(const std::vector<uint8_t>& bytes, int channels);

}  // namespace naskernel::classification
