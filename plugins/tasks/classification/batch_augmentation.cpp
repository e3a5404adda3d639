#include "batch_augmentation.h"

#include <vector>

namespace naskernel::classification {

torch::Tensor augment_batch(const torch::Tensor& images, const Augmentation& augmentation, int64_t padding, Rng& rng) {
  if (!augmentation.any() || images.size(0) == 0) return images;
  const int64_t batch = images.size(0), channels = images.size(1), height = images.size(2), width = images.size(3);
  const int64_t pad = augmentation.crop ? padding : 0;
  const int64_t padded_width = width + 2 * pad;

  // For every output pixel, its position in the padded plane; a crop is an
  // offset of the window, a flip reverses the window's columns.
  std::vector<int64_t> source(static_cast<size_t>(batch * height * width));
  for (int64_t b = 0; b < batch; ++b) {
    const int64_t dy = augmentation.crop ? rng.uniform_int(0, 2 * pad) : 0;
    const int64_t dx = augmentation.crop ? rng.uniform_int(0, 2 * pad) : 0;
    const bool flip = augmentation.flip && rng.uniform_int(0, 1) == 1;
    int64_t* out = source.data() + b * height * width;
    for (int64_t y = 0; y < height; ++y)
      for (int64_t x = 0; x < width; ++x)
        out[y * width + x] = (y + dy) * padded_width + (flip ? width - 1 - x : x) + dx;
  }
  const torch::Tensor padded = pad > 0 ? torch::constant_pad_nd(images, {pad, pad, pad, pad}, 0) : images;
  const torch::Tensor index = torch::from_blob(source.data(), {batch, 1, height * width}, torch::kLong)
                                  .expand({batch, channels, height * width});
  return padded.reshape({batch, channels, -1}).gather(2, index).view({batch, channels, height, width});
}

}  // namespace naskernel::classification
