// The data set of the options (synthetic scenes or a folder data set), with
// disparity normalised as `disparity_normalization` says.
#pragma once

#include "depth_options.h"
#include "depth_set.h"

namespace naskernel::depth {

TrainTestDepth read_depth_dataset(const DepthOptions& options);

// Checks, without decoding any image, that a folder data set's layout and
// split file are usable (they are listed and read, the images are not); a
// DataError names the `root` key. Synthetic scenes have nothing to check.
void check_depth_files(const DepthOptions& options);

}  // namespace naskernel::depth
