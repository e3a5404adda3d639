// A generated, learnable classification problem for tests and demos.
//
// Each class has a fixed smooth random prototype (a coarse random grid
// upsampled bilinearly, drawn from `seed`). A sample is its class's
// prototype, shifted by up to `max_shift` pixels in each direction
// (wrapping around), plus Gaussian noise of standard deviation `noise`
// (in units of the full pixel range), clipped to [0, 1] and stored as bytes.
// `noise` is the difficulty knob: 0 is trivially separable, around 1 hard.
// Labels cycle through the classes, so every class is equally frequent.
#pragma once

#include "image_set.h"

#include <cstdint>

namespace naskernel::classification {

struct SyntheticImagesOptions {
  int64_t classes = 10;
  int64_t channels = 1;
  ImageSize size{16, 16};
  double noise = 0.5;
  int64_t max_shift = 2;
  uint64_t seed = 0;
};

// `count` samples of the split named `split` ("train", "test"): both splits
// share the prototypes but draw their samples from independent streams.
ImageSet make_synthetic_images(const SyntheticImagesOptions& options, int64_t count, const char* split);

}  // namespace naskernel::classification
