// Reading the configured data set into memory, with subset and resize applied.
#pragma once

#include "classification_options.h"
#include "image_set.h"

namespace naskernel::classification {

struct TrainTestImages {
  ImageSet train;
  ImageSet test;
};

// Reads both splits of the configured data set, keeps the configured
// subsets, resizes, and checks that the result has the shape that the
// configuration promised (shape() is answered without data). Throws
// DataError naming the file, or ConfigError for a subset larger than the data.
TrainTestImages read_dataset(const ClassificationOptions& options);

}  // namespace naskernel::classification
