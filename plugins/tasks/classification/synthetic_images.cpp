#include "synthetic_images.h"

#include "bilinear_resize.h"

#include <naskernel/rng.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace naskernel::classification {
namespace {

// Coarse enough that a shift of a pixel or two keeps a sample close to its
// prototype, fine enough that classes differ in shape, not only brightness.
constexpr int64_t kPrototypeGrid = 4;

std::vector<std::vector<float>> make_prototypes(const SyntheticImagesOptions& options) {
  Rng rng(Rng::derive(options.seed, "synthetic.prototypes"));
  const ImageSize grid{kPrototypeGrid, kPrototypeGrid};
  std::vector<std::vector<float>> prototypes;
  std::vector<uint8_t> coarse(static_cast<size_t>(options.channels * grid.height * grid.width));
  std::vector<uint8_t> fine(static_cast<size_t>(options.channels * options.size.height * options.size.width));
  for (int64_t k = 0; k < options.classes; ++k) {
    for (auto& value : coarse) value = static_cast<uint8_t>(rng.uniform_int(0, 255));
    resize_bilinear(coarse.data(), options.channels, grid, fine.data(), options.size);
    prototypes.emplace_back(fine.begin(), fine.end());
    for (auto& value : prototypes.back()) value /= 255.0f;
  }
  return prototypes;
}

}  // namespace

ImageSet make_synthetic_images(const SyntheticImagesOptions& options, int64_t count, const char* split) {
  const auto prototypes = make_prototypes(options);
  Rng rng(Rng::derive(options.seed, std::string("synthetic.samples.") + split));
  ImageSet set;
  set.channels = options.channels;
  set.height = options.size.height;
  set.width = options.size.width;
  set.source = std::string("synthetic ") + split + " images (seed " + std::to_string(options.seed) + ")";
  set.pixels.resize(static_cast<size_t>(count * set.image_bytes()));
  set.labels.resize(static_cast<size_t>(count));
  const int64_t h = set.height, w = set.width;
  for (int64_t n = 0; n < count; ++n) {
    const int64_t label = n % options.classes;
    set.labels[static_cast<size_t>(n)] = label;
    const int64_t dy = rng.uniform_int(-options.max_shift, options.max_shift);
    const int64_t dx = rng.uniform_int(-options.max_shift, options.max_shift);
    const auto& prototype = prototypes[static_cast<size_t>(label)];
    uint8_t* out = set.pixels.data() + n * set.image_bytes();
    for (int64_t c = 0; c < set.channels; ++c)
      for (int64_t y = 0; y < h; ++y)
        for (int64_t x = 0; x < w; ++x) {
          const int64_t sy = ((y - dy) % h + h) % h, sx = ((x - dx) % w + w) % w;
          const double value = prototype[static_cast<size_t>((c * h + sy) * w + sx)] + options.noise * rng.normal();
          out[(c * h + y) * w + x] = static_cast<uint8_t>(std::lround(std::clamp(value, 0.0, 1.0) * 255.0));
        }
  }
  return set;
}

}  // namespace naskernel::classification
