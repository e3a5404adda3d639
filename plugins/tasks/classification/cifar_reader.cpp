#include "cifar_reader.h"

#include "compressed_file.h"

#include <naskernel/errors.h>

#include <cstring>
#include <filesystem>

namespace naskernel::classification {

int64_t cifar_classes(CifarVariant variant, CifarLabel label) {
  if (variant == CifarVariant::cifar10) return 10;
  return label == CifarLabel::fine ? 100 : 20;
}

std::vector<std::string> cifar_file_names(CifarVariant variant, bool train) {
  if (variant == CifarVariant::cifar100) return {train ? "train.bin" : "test.bin"};
  if (!train) return {"test_batch.bin"};
  std::vector<std::string> names;
  for (int i = 1; i <= 5; ++i) names.push_back("data_batch_" + std::to_string(i) + ".bin");
  return names;
}

ImageSet read_cifar_files(const std::vector<std::string>& paths, CifarVariant variant, CifarLabel label) {
  const int64_t label_bytes = variant == CifarVariant::cifar10 ? 1 : 2;
  const int64_t record = label_bytes + kCifarImageBytes;
  // CIFAR-100 stores the coarse label first, then the fine one.
  const int64_t label_offset = variant == CifarVariant::cifar100 && label == CifarLabel::fine ? 1 : 0;
  const int64_t classes = cifar_classes(variant, label);

  ImageSet set;
  set.channels = 3;
  set.height = kCifarSide;
  set.width = kCifarSide;
  set.source = paths.empty() ? std::string() : std::filesystem::path(paths.front()).parent_path().string();
  for (const auto& path : paths) {
    if (!std::filesystem::is_regular_file(path)) throw DataError("CIFAR file not found: " + path);
    const std::vector<uint8_t> bytes = read_possibly_gzipped(path);
    const int64_t size = static_cast<int64_t>(bytes.size());
    if (size == 0) throw DataError("CIFAR file " + path + " is empty");
    if (size % record != 0) {
      const int64_t incomplete = size / record;
      throw DataError("CIFAR file " + path + " is truncated: record " + std::to_string(incomplete) +
                      " at byte offset " + std::to_string(incomplete * record) + " has only " +
                      std::to_string(size - incomplete * record) + " of its " + std::to_string(record) + " bytes");
    }
    const int64_t count = size / record;
    const size_t first_pixel = set.pixels.size();
    set.pixels.resize(first_pixel + static_cast<size_t>(count * kCifarImageBytes));
    for (int64_t i = 0; i < count; ++i) {
      const uint8_t* start = bytes.data() + i * record;
      const int64_t value = start[label_offset];
      if (value >= classes)
        throw DataError("CIFAR file " + path + " has label " + std::to_string(value) + " at byte offset " +
                        std::to_string(i * record + label_offset) + " (record " + std::to_string(i) +
                        "), outside [0, " + std::to_string(classes) + ")");
      set.labels.push_back(value);
      // Pixels are already channel planes (CHW), exactly our layout.
      std::memcpy(set.pixels.data() + first_pixel + i * kCifarImageBytes, start + label_bytes, kCifarImageBytes);
    }
  }
  return set;
}

std::vector<std::string> cifar_split_paths(const std::string& root, CifarVariant variant, bool train) {
  // The archives unpack into a folder of their own; say so rather than just "not found".
  const char* archive_folder = variant == CifarVariant::cifar10 ? "cifar-10-batches-bin" : "cifar-100-binary";
  const std::filesystem::path nested = std::filesystem::path(root) / archive_folder;
  const std::string first = cifar_file_names(variant, train).front();
  if (!std::filesystem::exists(std::filesystem::path(root) / first) && std::filesystem::exists(nested / first))
    throw DataError("CIFAR file " + (std::filesystem::path(root) / first).string() + " not found; the data is in " +
                    nested.string() + ", set `root` to that folder");
  std::vector<std::string> paths;
  for (const auto& name : cifar_file_names(variant, train))
    paths.push_back((std::filesystem::path(root) / name).string());
  return paths;
}

ImageSet read_cifar_split(const std::string& root, CifarVariant variant, CifarLabel label, bool train) {
  return read_cifar_files(cifar_split_paths(root, variant, train), variant, label);
}

}  // namespace naskernel::classification
