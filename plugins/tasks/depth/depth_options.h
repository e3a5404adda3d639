// Every configuration key of the depth task, parsed and checked.
//
// Keys (defaults in brackets; README.md explains each):
//   dataset          "synthetic" | "redweb" | "image-depth-folder" ["synthetic"]
//   image_size       int or [H, W]: the size networks see; folder data are
//                    resized to it at load [32]
//   synthetic:       train_size [1000], test_size [200], synthetic_seed [0],
//                    objects [4], texture_contrast [0.8], noise [0.02], fog [0.1]
//   folders:         root (required), split_file [none: seeded split],
//                    test_fraction [0.1], split_seed [0],
//                    depth_encoding ["redweb" for redweb, "depth" for
//                    image-depth-folder], depth_scale [1.0]
//   disparity_normalization  "median" | "none" ["median"]
//   normalize        "computed" | "none" ["computed"]
//   augment          {SPLIT = ["crop", "flip"], ...} [none]; crop_scale [0.75]
//   loss             "ssi_mse" | "ssi_trimmed" | "l1_aligned" ["ssi_mse"]
//   alpha [0.5], scales [4], trim (ssi_trimmed) [0.2]
//   search_train_fraction [0.5], search_valid_fraction [0.1],
//   standalone_train "full" | "search_train" ["full"]
#pragma once

#include "depth_set.h"

#include <naskernel/config.h>

#include <map>
#include <string>
#include <vector>

namespace naskernel::depth {

enum class DatasetKind { synthetic, redweb, image_depth_folder };
// What a folder data set's PNG values v are (s = depth_scale, F = 255 or
// 65535, the largest value of the file's bit depth):
//   depth      disparity = 1 / (v s); v = 0 is invalid
//   disparity  disparity = v s; v = 0 is invalid
//   redweb     ReDWeb's relative depth maps: 0 is nearest, F is sky or
//              unknown (invalid), and v is disparity negated up to a shift
//              (MiDaS, isl-org/MiDaS issue #16); disparity = (F - v) / F * s
enum class DepthEncoding { depth, disparity, redweb };
const char* depth_encoding_name(DepthEncoding encoding);
enum class DisparityNormalization { median, none };
enum class InputNormalization { computed, none };
enum class LossKind { ssi_mse, ssi_trimmed, l1_aligned };
enum class StandaloneTrain { full, search_train };

struct SceneOptions {
  int64_t objects = 4;            // boxes and spheres per scene
  double texture_contrast = 0.8;  // 0 = flat colours, 1 = full texture contrast
  double noise = 0.02;            // standard deviation of RGB noise, on the [0, 1] scale
  double fog = 0.1;               // fog density per unit of depth (0 = no fog)
};

struct Augmentation {
  bool crop = false;
  bool flip = false;
  bool any() const { return crop || flip; }
};

struct LossOptions {
  LossKind kind = LossKind::ssi_mse;
  double alpha = 0.5;  // weight of the gradient-matching term
  int64_t scales = 4;  // of the gradient-matching term
  double trim = 0.2;   // ssi_trimmed: fraction of each image's largest residuals dropped
};

const char* loss_name(LossKind kind);

struct DepthOptions {
  DatasetKind dataset = DatasetKind::synthetic;
  std::string dataset_name = "synthetic";
  ImageSize image_size{32, 32};

  int64_t train_size = 1000, test_size = 200;
  uint64_t synthetic_seed = 0;
  SceneOptions scene;

  std::string root;
  std::string split_file;  // "" = seeded split
  std::string root_location, root_key;  // where `root` was given, for check_depth_files
  double test_fraction = 0.1;
  uint64_t split_seed = 0;
  DepthEncoding depth_encoding = DepthEncoding::depth;
  double depth_scale = 1.0;

  DisparityNormalization disparity_normalization = DisparityNormalization::median;
  InputNormalization normalize = InputNormalization::computed;
  std::map<std::string, Augmentation> augment;  // by split name
  double crop_scale = 0.75;

  LossOptions loss;

  double search_train_fraction = 0.5;
  double search_valid_fraction = 0.1;
  StandaloneTrain standalone_train = StandaloneTrain::full;

  Augmentation augmentation(const std::string& split) const;
  // Stable text of the data set and every option that changes data, loss or metrics.
  std::string fingerprint() const;
};

// Throws ConfigError naming the key for a wrong type or value, or for a key
// that does not apply to the chosen data set or loss.
DepthOptions parse_depth_options(const Config& config);

}  // namespace naskernel::depth
