#include "bilinear_resize.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace naskernel::classification;

TEST_CASE("bilinear resize keeps constant images, interpolates between pixel centres") {
  const std::vector<uint8_t> constant(2 * 3 * 5, 77);
  std::vector<uint8_t> out(2 * 7 * 4);
  resize_bilinear(constant.data(), 2, {3, 5}, out.data(), {7, 4});
  CHECK(std::all_of(out.begin(), out.end(), [](uint8_t v) { return v == 77; }));

  // 1x2 -> 1x4 with half-pixel centres: samples at x = -0.25, 0.25, 0.75, 1.25.
  const std::vector<uint8_t> ramp{0, 200};
  std::vector<uint8_t> wide(4);
  resize_bilinear(ramp.data(), 1, {1, 2}, wide.data(), {1, 4});
  CHECK(wide == std::vector<uint8_t>{0, 50, 150, 200});

  // 4x4 -> 2x2 averages each 2x2 block's centre (x = 0.5, 2.5).
  const std::vector<uint8_t> blocks{0, 0, 100, 100, 0, 0, 100, 100, 40, 40, 80, 80, 40, 40, 80, 80};
  std::vector<uint8_t> small(4);
  resize_bilinear(blocks.data(), 1, {4, 4}, small.data(), {2, 2});
  CHECK(small == std::vector<uint8_t>{0, 100, 40, 80});
}

TEST_CASE("resize_images resizes every image and keeps labels") {
  ImageSet set;
  set.channels = 1;
  set.height = 2;
  set.width = 2;
  set.pixels = {10, 10, 10, 10, 90, 90, 90, 90};
  set.labels = {4, 2};
  resize_images(set, {3, 5});
  CHECK(set.size() == ImageSize{3, 5});
  REQUIRE(set.pixels.size() == 30);
  CHECK(set.pixels[0] == 10);
  CHECK(set.pixels[29] == 90);
  CHECK(set.labels == std::vector<int64_t>{4, 2});
}
