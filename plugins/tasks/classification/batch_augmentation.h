// Random crop (with zero padding) and horizontal flip of a whole batch.
#pragma once

#include "classification_options.h"

#include <naskernel/rng.h>

#include <torch/torch.h>

namespace naskernel::classification {

// `images` is uint8 [B, C, H, W]. Per sample, in order, draws the crop's
// row and column offsets in [0, 2 * padding] (when cropping) and whether to
// flip (when flipping) from `rng`, so the same Rng state gives the same
// batch. Padding is zero (black), as in torchvision's RandomCrop before
// normalisation. All samples are moved with one gather.
torch::Tensor augment_batch(const torch::Tensor& images, const Augmentation& augmentation, int64_t padding, Rng& rng);

}  // namespace naskernel::classification
