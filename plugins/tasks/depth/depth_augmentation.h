// Random crop and horizontal flip, applied to an image and its depth target
// together.
//
// crop: a window of side fraction s ~ U[crop_scale, 1] (the same for height
// and width, so the aspect ratio stays) at a uniformly random position,
// resized back to the input size: bilinear for the image, nearest for
// disparity and mask. No padding, so no invalid border is invented; zooming
// in keeps every depth value, as a longer focal length would.
// flip: with probability 1/2, mirror image and target left to right.
// Per sample, the draws are: s, row offset, column offset (crop), then flip.
#pragma once

#include "depth_options.h"

#include <naskernel/rng.h>

#include <torch/torch.h>

namespace naskernel::depth {

struct AugmentedBatch {
  torch::Tensor input;   // float [B, 3, H, W]
  torch::Tensor target;  // float [B, 2, H, W]
};

AugmentedBatch augment_depth_batch(const torch::Tensor& input, const torch::Tensor& target,
                                   const Augmentation& augmentation, double crop_scale, Rng& rng);

}  // namespace naskernel::depth
