#include "dataset_reader.h"

#include "bilinear_resize.h"
#include "cifar_reader.h"
#include "idx_reader.h"
#include "image_folder_reader.h"
#include "subset_selection.h"
#include "synthetic_images.h"

#include <naskernel/errors.h>

#include <filesystem>

namespace naskernel::classification {
namespace {

// The class folders of both splits, checked against `classes` and each other.
std::vector<std::string> image_folder_classes(const ClassificationOptions& o) {
  const std::string train_dir = (std::filesystem::path(o.root) / o.train_dir).string();
  const std::string test_dir = (std::filesystem::path(o.root) / o.test_dir).string();
  const std::vector<std::string> classes = list_class_folders(train_dir);
  if (static_cast<int64_t>(classes.size()) != o.classes)
    throw DataError("image folder " + train_dir + " has " + std::to_string(classes.size()) +
                    " class folders but `classes` is " + std::to_string(o.classes));
  const std::vector<std::string> test_classes = list_class_folders(test_dir);
  if (test_classes != classes)
    throw DataError("image folder " + test_dir + " does not have the same class folders as " + train_dir +
                    " (they define the class indices)");
  return classes;
}

TrainTestImages read_image_folders(const ClassificationOptions& o) {
  const std::vector<std::string> classes = image_folder_classes(o);
  ImageFolderOptions options;
  options.channels = o.channels;
  options.resize = o.resize;
  options.expected = o.image_size;
  return {read_image_folder((std::filesystem::path(o.root) / o.train_dir).string(), classes, options),
          read_image_folder((std::filesystem::path(o.root) / o.test_dir).string(), classes, options)};
}

TrainTestImages read_synthetic(const ClassificationOptions& o) {
  SyntheticImagesOptions options;
  options.classes = o.classes;
  options.channels = o.channels;
  options.size = *o.image_size;
  options.noise = o.synthetic_noise;
  options.max_shift = o.synthetic_max_shift;
  options.seed = o.synthetic_seed;
  return {make_synthetic_images(options, o.synthetic_train_size, "train"),
          make_synthetic_images(options, o.synthetic_test_size, "test")};
}

CifarVariant cifar_variant_of(const ClassificationOptions& o) {
  return o.cifar_variant == "cifar100" ? CifarVariant::cifar100 : CifarVariant::cifar10;
}

TrainTestImages read_raw(const ClassificationOptions& o) {
  switch (o.dataset) {
    case DatasetKind::idx:
      return {read_idx_split(o.root, "train", o.classes), read_idx_split(o.root, "t10k", o.classes)};
    case DatasetKind::cifar_binary: {
      const CifarVariant variant = cifar_variant_of(o);
      const CifarLabel label = o.cifar_label == "fine" ? CifarLabel::fine : CifarLabel::coarse;
      return {read_cifar_split(o.root, variant, label, true), read_cifar_split(o.root, variant, label, false)};
    }
    case DatasetKind::image_folder:
      return read_image_folders(o);
    case DatasetKind::synthetic:
      return read_synthetic(o);
  }
  throw std::logic_error("unknown dataset kind");
}

void keep_subset(ImageSet& set, const std::optional<int64_t>& count, const std::string& location, const char* key,
                 uint64_t seed) {
  if (!count) return;
  if (*count > set.count())
    throw ConfigError(location + "`subset." + key + "` asks for " + std::to_string(*count) + " images but " +
                      set.source + " holds only " + std::to_string(set.count()));
  set = select_images(set, balanced_subset(set.labels, *count, seed));
}

void check_stored_size(const ImageSet& set, const ClassificationOptions& o) {
  if (o.image_size_given && set.size() != *o.image_size)
    throw DataError(set.source + " holds images of " + to_string(set.size()) + " (height x width) but `image_size` is " +
                    to_string(*o.image_size));
}

void check_shape(const ImageSet& set, const ClassificationOptions& o) {
  // Without resize, the stored size must be the one shape() announced.
  if (set.size() != o.input_size())
    throw DataError(set.source + " holds images of " + to_string(set.size()) + " (height x width) but the "
                    "configuration implies " + to_string(o.input_size()) + "; set `image_size` or `resize`");
  if (set.channels != o.channels)
    throw DataError(set.source + " holds images with " + std::to_string(set.channels) + " channels, expected " +
                    std::to_string(o.channels));
}

void check_files(const ClassificationOptions& o) {
  switch (o.dataset) {
    case DatasetKind::idx:
      for (const char* stem : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                               "t10k-labels-idx1-ubyte"})
        find_idx_file(o.root, stem);
      return;
    case DatasetKind::cifar_binary:
      for (const bool train : {true, false})
        for (const auto& path : cifar_split_paths(o.root, cifar_variant_of(o), train))
          if (!std::filesystem::is_regular_file(path)) throw DataError("CIFAR file " + path + " does not exist");
      return;
    case DatasetKind::image_folder:
      image_folder_classes(o);
      return;
    case DatasetKind::synthetic:
      return;
  }
}

}  // namespace

void check_dataset_files(const ClassificationOptions& o) {
  try {
    check_files(o);
  } catch (const DataError& e) {
    throw DataError(o.root_location + "key `" + o.root_key + "`: " + e.what());
  }
}

TrainTestImages read_dataset(const ClassificationOptions& o) {
  TrainTestImages data = read_raw(o);
  check_stored_size(data.train, o);
  check_stored_size(data.test, o);
  // Subsets first, so that only the kept images are resized.
  keep_subset(data.train, o.subset_train, o.subset_train_location, "train", o.subset_seed);
  keep_subset(data.test, o.subset_test, o.subset_test_location, "test", o.subset_seed);
  if (o.resize) {
    resize_images(data.train, *o.resize);
    resize_images(data.test, *o.resize);
  }
  check_shape(data.train, o);
  check_shape(data.test, o);
  return data;
}

}  // namespace naskernel::classification
