#include "depth_augmentation.h"

#include "image_resize.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace naskernel::depth {
namespace {

torch::Tensor index_tensor(std::vector<int64_t> taps, int64_t offset) {
  for (auto& t : taps) t += offset;
  return torch::tensor(taps, torch::kLong);
}

}  // namespace

AugmentedBatch augment_depth_batch(const torch::Tensor& input, const torch::Tensor& target,
                                   const Augmentation& augmentation, double crop_scale, Rng& rng) {
  if (!augmentation.any() || input.size(0) == 0) return {input, target};
  const int64_t height = input.size(2), width = input.size(3);
  std::vector<torch::Tensor> images, targets;
  for (int64_t b = 0; b < input.size(0); ++b) {
    torch::Tensor image = input[b], depth = target[b];
    if (augmentation.crop) {
      const double side = crop_scale + (1.0 - crop_scale) * rng.uniform();
      const int64_t crop_height = std::clamp<int64_t>(std::llround(side * static_cast<double>(height)), 1, height);
      const int64_t crop_width = std::clamp<int64_t>(std::llround(side * static_cast<double>(width)), 1, width);
      const int64_t top = rng.uniform_int(0, height - crop_height);
      const int64_t left = rng.uniform_int(0, width - crop_width);
      if (crop_height != height || crop_width != width) {
        image = torch::nn::functional::interpolate(
                    image.narrow(1, top, crop_height).narrow(2, left, crop_width).unsqueeze(0),
                    torch::nn::functional::InterpolateFuncOptions()
                        .size(std::vector<int64_t>{height, width})
                        .mode(torch::kBilinear)
                        .align_corners(false))
                    .squeeze(0);
        const torch::Tensor rows = index_tensor(nearest_taps(crop_height, height), top).to(depth.device());
        const torch::Tensor cols = index_tensor(nearest_taps(crop_width, width), left).to(depth.device());
        depth = depth.index_select(1, rows).index_select(2, cols);
      }
    }
    if (augmentation.flip && rng.uniform_int(0, 1) == 1) {
      image = image.flip({2});
      depth = depth.flip({2});
    }
    images.push_back(image);
    targets.push_back(depth);
  }
  return {torch::stack(images), torch::stack(targets)};
}

}  // namespace naskernel::depth
