// MNIST-format IDX files (Fashion-MNIST, MNIST, KMNIST, ...), gzipped or raw.
#pragma once

#include "image_set.h"

#include <string>

namespace naskernel::classification {

// ROOT/STEM.gz when it exists, else ROOT/STEM; throws DataError naming both.
std::string find_idx_file(const std::string& root, const std::string& stem);

// Reads an images file (magic 0x00000803: count, height, width) and its
// labels file (magic 0x00000801: count) into one grayscale set. Checks the
// magic numbers, that the sizes match the header, that both files hold the
// same count and that every label lies in [0, classes).
ImageSet read_idx_pair(const std::string& images_path, const std::string& labels_path, int64_t classes);

// The `prefix` ("train" or "t10k") images and labels under `root`.
ImageSet read_idx_split(const std::string& root, const std::string& prefix, int64_t classes);

}  // namespace naskernel::classification
