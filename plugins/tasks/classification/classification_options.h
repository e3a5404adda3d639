// Every configuration key of the classification task, parsed and checked.
//
// Keys (defaults in brackets):
//   dataset        "idx" | "cifar-binary" | "image-folder" | "synthetic" ["idx"]
//   root           data folder [/usr/share/datasets/fashion-mnist for idx;
//                  required for cifar-binary and image-folder]
//   classes        number of classes [idx 10; image-folder required; synthetic 10]
//   image_size     stored size, int or [H, W] [idx 28; image-folder optional;
//                  synthetic 16]; when written, every image must have it,
//                  even with `resize`
//   channels       image-folder [3] and synthetic [1]; 1 to 4
//   variant        cifar-binary: "cifar10" | "cifar100" ["cifar10"]
//   label          cifar100: "fine" | "coarse" ["fine"]
//   train_dir, test_dir   image-folder split folders ["train", "test"]; both
//                  must hold the same class folders (sorted names = indices)
//   train_size, test_size, noise, max_shift, synthetic_seed
//                  synthetic [1000, 500, 0.5, 2, 0]
//   resize         int or [H, W]: bilinear resize once at load [none]
//   subset         {train = N, test = M}: class-balanced random subsets [all]
//   subset_seed    fixes which samples `subset` keeps [0]
//   normalize      "computed" (per-channel mean/std of the training set) |
//                  "none" (pixels / 255) | {mean = [...], std = [...]}, on the
//                  [0, 1] scale ["computed"]
//   augment        {SPLIT = ["crop", "flip"], ...} for any split name [none]
//   crop_padding   zero padding of the random crop, pixels [4]
//   search_train_fraction   of the search pool, for search_train [0.5]
//   search_valid_fraction   of the training set, held out first [0.1]
//   standalone_train        "full" | "search_train" ["full"]
//   label_smoothing         cross-entropy label smoothing, in [0, 1) [0]
#pragma once

#include "image_set.h"

#include <naskernel/config.h>
#include <naskernel/key_spec.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace naskernel::classification {

enum class DatasetKind { idx, cifar_binary, image_folder, synthetic };
enum class NormalizeMode { computed, none, given };
enum class StandaloneTrain { full, search_train };

struct Augmentation {
  bool crop = false;
  bool flip = false;
  bool any() const { return crop || flip; }
};

struct ClassificationOptions {
  DatasetKind dataset = DatasetKind::idx;
  std::string dataset_name = "idx";
  std::string root;
  int64_t classes = 10;
  int64_t channels = 1;
  std::optional<ImageSize> image_size;  // the stored size, where known or required
  bool image_size_given = false;        // written in the configuration (checked even with resize)
  std::string cifar_variant = "cifar10";
  std::string cifar_label = "fine";
  std::string train_dir = "train", test_dir = "test";
  int64_t synthetic_train_size = 1000, synthetic_test_size = 500;
  double synthetic_noise = 0.5;
  int64_t synthetic_max_shift = 2;
  uint64_t synthetic_seed = 0;

  std::optional<ImageSize> resize;
  std::optional<int64_t> subset_train, subset_test;
  std::string subset_train_location, subset_test_location;  // "file:line:col: " for load-time errors
  std::string root_location, root_key;  // where `root` was given, for check_dataset_files
  uint64_t subset_seed = 0;

  NormalizeMode normalize = NormalizeMode::computed;
  std::vector<double> mean, std;  // NormalizeMode::given
  std::map<std::string, Augmentation> augment;  // by split name
  int64_t crop_padding = 4;

  double search_train_fraction = 0.5;
  double search_valid_fraction = 0.1;
  StandaloneTrain standalone_train = StandaloneTrain::full;
  double label_smoothing = 0;

  // Height and width of the images the networks see.
  ImageSize input_size() const { return resize ? *resize : *image_size; }
  Augmentation augmentation(const std::string& split) const;
  // Stable text of the data set and every data option.
  std::string fingerprint() const;
};

// Throws ConfigError naming the key for a wrong type or value.
ClassificationOptions parse_classification_options(const Config& config);

// The keys parse_classification_options() reads, for the plugin's key schema.
std::vector<KeySpec> classification_option_keys();

}  // namespace naskernel::classification
