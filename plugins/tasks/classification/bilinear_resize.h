// Bilinear resizing of uint8 images, done once when the data is loaded.
#pragma once

#include "image_set.h"

#include <cstdint>

namespace naskernel::classification {

// Resizes one image of `channels` planes (CHW) from `from` to `to` pixels.
// Pixel centres are aligned as in PyTorch's interpolate(mode="bilinear",
// align_corners=false), without antialiasing; results are rounded.
void resize_bilinear(const uint8_t* source, int64_t channels, ImageSize from, uint8_t* target, ImageSize to);

// Resizes every image of the set in place (no-op when already that size).
void resize_images(ImageSet& set, ImageSize to);

}  // namespace naskernel::classification
