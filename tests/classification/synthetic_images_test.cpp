#include "synthetic_images.h"

#include <doctest/doctest.h>

#include <cmath>

using namespace naskernel::classification;

TEST_CASE("synthetic images are deterministic by seed and differ between splits and seeds") {
  SyntheticImagesOptions options;
  options.classes = 4;
  options.channels = 3;
  options.size = {8, 10};
  const ImageSet a = make_synthetic_images(options, 12, "train");
  const ImageSet b = make_synthetic_images(options, 12, "train");
  CHECK(a.pixels == b.pixels);
  CHECK(a.labels == b.labels);
  CHECK(a.labels == std::vector<int64_t>{0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3});
  CHECK(a.size() == ImageSize{8, 10});
  CHECK(a.channels == 3);
  CHECK(a.pixels.size() == 12 * 3 * 80);
  CHECK(make_synthetic_images(options, 12, "test").pixels != a.pixels);
  options.seed = 1;
  CHECK(make_synthetic_images(options, 12, "train").pixels != a.pixels);
}

TEST_CASE("synthetic noise is the difficulty knob: samples of a class scatter more with more noise") {
  // Mean squared distance between same-class samples grows with noise.
  auto spread = [](double noise) {
    SyntheticImagesOptions options;
    options.classes = 2;
    options.noise = noise;
    options.max_shift = 0;
    const ImageSet set = make_synthetic_images(options, 20, "train");
    double total = 0;
    for (int64_t n = 2; n < set.count(); ++n)
      for (int64_t i = 0; i < set.image_bytes(); ++i) {
        const double d = double(set.pixels[n * set.image_bytes() + i]) - set.pixels[(n % 2) * set.image_bytes() + i];
        total += d * d;
      }
    return total;
  };
  CHECK(spread(0.0) == 0.0);
  CHECK(spread(0.1) > 0.0);
  CHECK(spread(0.4) > 4 * spread(0.1));
}
