// CIFAR-10 and CIFAR-100 in their binary distribution ("-binary" archives).
#pragma once

#include "image_set.h"

#include <string>
#include <vector>

namespace naskernel::classification {

enum class CifarVariant { cifar10, cifar100 };
enum class CifarLabel { fine, coarse };  // CIFAR-100 only; CIFAR-10 has one label

// Records: CIFAR-10 is 1 label byte + 3072 pixel bytes (3x32x32, channel
// planes); CIFAR-100 is coarse byte, fine byte, 3072 pixel bytes.
constexpr int64_t kCifarSide = 32;
constexpr int64_t kCifarImageBytes = 3 * kCifarSide * kCifarSide;

int64_t cifar_classes(CifarVariant variant, CifarLabel label);

// The file names of one split: data_batch_1..5.bin / test_batch.bin for
// CIFAR-10, train.bin / test.bin for CIFAR-100.
std::vector<std::string> cifar_file_names(CifarVariant variant, bool train);

// Reads and concatenates the files. A file whose size is not a whole number
// of records is reported with the offset of its incomplete record; a label
// out of range with its offset.
ImageSet read_cifar_files(const std::vector<std::string>& paths, CifarVariant variant, CifarLabel label);

// The split's file paths under `root`; a DataError when the files sit in the
// archive's own subfolder instead (says which `root` to set).
std::vector<std::string> cifar_split_paths(const std::string& root, CifarVariant variant, bool train);

// The split's files under `root`.
ImageSet read_cifar_split(const std::string& root, CifarVariant variant, CifarLabel label, bool train);

}  // namespace naskernel::classification
