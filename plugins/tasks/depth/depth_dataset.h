// The data set of the options (synthetic scenes or a folder data set), with
// disparity normalised as `disparity_normalization` says.
#pragma once

#include "depth_options.h"
#include "depth_set.h"

namespace naskernel::depth {

TrainTestDepth read_depth_dataset(const DepthOptions& options);

}  // namespace naskernel::depth
