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

// Checks, without reading them, that the data set's files are there (IDX
// files, CIFAR batches, class folders of both splits); a DataError names the
// `root` key and the missing path. Generated data has nothing to check.
void check_dataset_files(const ClassificationOptions& options);

}  // namespace naskernel::classification
