#include "depth_options.h"

#include <naskernel/errors.h>
#include <naskernel/suggest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace naskernel::depth {
namespace {

const std::vector<std::string> kDatasets = {"synthetic", "redweb", "image-depth-folder"};
const std::vector<std::string> kLosses = {"ssi_mse", "ssi_trimmed", "l1_aligned"};
const std::vector<std::string> kSplitNames = {"search_train", "search_landmark", "search_valid", "train", "test"};
const std::vector<std::string> kSyntheticKeys = {"train_size", "test_size",        "synthetic_seed", "objects",
                                                 "noise",      "texture_contrast", "fog"};
const std::vector<std::string> kFolderKeys = {"root",       "split_file",     "test_fraction",
                                              "split_seed", "depth_encoding", "depth_scale"};

ConfigError bad_value(const Config& config, const std::string& key, const std::string& problem) {
  return ConfigError(config.location(key) + "key `" + config.path(key) + "` " + problem);
}

std::string quoted_list(const std::vector<std::string>& values) {
  std::string list;
  for (const auto& v : values) list += (list.empty() ? "\"" : ", \"") + v + "\"";
  return list;
}

std::string one_of(const Config& config, const std::string& key, const std::string& fallback,
                   const std::vector<std::string>& allowed) {
  const std::string value = config.get<std::string>(key, fallback);
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end())
    throw bad_value(config, key,
                    "must be one of " + quoted_list(allowed) + ", got \"" + value + "\"" + did_you_mean(value, allowed));
  return value;
}

int64_t positive(const Config& config, const std::string& key, int64_t fallback) {
  const int64_t value = config.get<int64_t>(key, fallback);
  if (value <= 0) throw bad_value(config, key, "must be positive, got " + std::to_string(value));
  return value;
}

// The shortest of %.15g / %.17g that reads back as the same double.
std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.15g", value);
  if (std::strtod(text, nullptr) != value) std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

double in_range(const Config& config, const std::string& key, double fallback, double low, double high,
                bool open_low, bool open_high) {
  const double value = config.get<double>(key, fallback);
  const bool ok = (open_low ? value > low : value >= low) && (open_high ? value < high : value <= high);
  if (!ok)
    throw bad_value(config, key,
                    std::string("must lie in ") + (open_low ? "(" : "[") + number(low) + ", " + number(high) +
                        (open_high ? ")" : "]") + ", got " + number(value));
  return value;
}

double non_negative(const Config& config, const std::string& key, double fallback) {
  const double value = config.get<double>(key, fallback);
  if (!(value >= 0)) throw bad_value(config, key, "must not be negative, got " + number(value));
  return value;
}

// An image size written as one integer (square) or as [height, width].
ImageSize image_size_key(const Config& config, const std::string& key, ImageSize fallback) {
  if (!config.has(key)) {
    config.get<int64_t>(key, 0);  // marks the key as known
    return fallback;
  }
  ImageSize size;
  if (config.table().at_path(key).node()->is_array()) {
    const std::vector<int64_t> pair = config.get_list<int64_t>(key, {});
    if (pair.size() != 2)
      throw bad_value(config, key, "must be [height, width], got " + std::to_string(pair.size()) + " numbers");
    size = {pair[0], pair[1]};
  } else {
    const int64_t side = config.get<int64_t>(key, 0);
    size = {side, side};
  }
  if (size.height <= 0 || size.width <= 0) throw bad_value(config, key, "must be positive, got " + to_string(size));
  return size;
}

// A key written for another data set or loss is an error that says so,
// rather than an "unknown key".
void reject_keys(const Config& config, const std::vector<std::string>& keys, const std::string& applies_to) {
  for (const auto& key : keys)
    if (config.has(key)) throw bad_value(config, key, "applies only to " + applies_to);
}

void parse_synthetic(const Config& config, DepthOptions& o) {
  o.train_size = positive(config, "train_size", 1000);
  o.test_size = positive(config, "test_size", 200);
  o.synthetic_seed = static_cast<uint64_t>(config.get<int64_t>("synthetic_seed", 0));
  o.scene.objects = config.get<int64_t>("objects", 4);
  if (o.scene.objects < 0) throw bad_value(config, "objects", "must not be negative, got " + std::to_string(o.scene.objects));
  o.scene.texture_contrast = in_range(config, "texture_contrast", 0.8, 0.0, 1.0, false, false);
  o.scene.noise = non_negative(config, "noise", 0.02);
  o.scene.fog = non_negative(config, "fog", 0.1);
}

void parse_folders(const Config& config, DepthOptions& o) {
  o.root = config.require<std::string>("root");
  o.root_location = config.location("root");
  o.root_key = config.path("root");
  o.split_file = config.get<std::string>("split_file", "");
  for (const char* seeded : {"test_fraction", "split_seed"})
    if (!o.split_file.empty() && config.has(seeded))
      throw bad_value(config, seeded, "cannot be combined with `" + config.path("split_file") +
                                          "` (the split file decides the test images)");
  o.test_fraction = in_range(config, "test_fraction", 0.1, 0.0, 1.0, true, true);
  o.split_seed = static_cast<uint64_t>(config.get<int64_t>("split_seed", 0));
  const std::vector<std::string> encodings = {"depth", "disparity", "redweb"};
  const std::string encoding =
      one_of(config, "depth_encoding", o.dataset == DatasetKind::redweb ? "redweb" : "depth", encodings);
  o.depth_encoding = static_cast<DepthEncoding>(std::find(encodings.begin(), encodings.end(), encoding) - encodings.begin());
  o.depth_scale = config.get<double>("depth_scale", 1.0);
  if (!(o.depth_scale > 0)) throw bad_value(config, "depth_scale", "must be positive, got " + number(o.depth_scale));
}

void parse_augment(const Config& config, DepthOptions& o) {
  const Config augment = config.sub("augment");
  for (const auto& split : kSplitNames) {
    Augmentation a;
    for (const auto& name : augment.get_list<std::string>(split, {})) {
      if (name == "crop")
        a.crop = true;
      else if (name == "flip")
        a.flip = true;
      else
        throw bad_value(augment, split, "lists an unknown augmentation \"" + name + "\"; known: \"crop\", \"flip\"" +
                                            did_you_mean(name, {"crop", "flip"}));
    }
    if (a.any()) o.augment[split] = a;
  }
  o.crop_scale = in_range(config, "crop_scale", 0.75, 0.0, 1.0, true, false);
}

void parse_loss(const Config& config, DepthOptions& o) {
  const std::string name = one_of(config, "loss", "ssi_mse", kLosses);
  o.loss.kind = static_cast<LossKind>(std::find(kLosses.begin(), kLosses.end(), name) - kLosses.begin());
  o.loss.alpha = non_negative(config, "alpha", 0.5);
  o.loss.scales = positive(config, "scales", 4);
  if (o.loss.kind == LossKind::ssi_trimmed)
    o.loss.trim = in_range(config, "trim", 0.2, 0.0, 1.0, false, true);
  else
    reject_keys(config, {"trim"}, "`loss = \"ssi_trimmed\"`");
}

}  // namespace

const char* depth_encoding_name(DepthEncoding encoding) {
  switch (encoding) {
    case DepthEncoding::depth: return "depth";
    case DepthEncoding::disparity: return "disparity";
    case DepthEncoding::redweb: return "redweb";
  }
  return "?";
}

const char* loss_name(LossKind kind) {
  switch (kind) {
    case LossKind::ssi_mse: return "ssi_mse";
    case LossKind::ssi_trimmed: return "ssi_trimmed";
    case LossKind::l1_aligned: return "l1_aligned";
  }
  return "?";
}

Augmentation DepthOptions::augmentation(const std::string& split) const {
  auto it = augment.find(split);
  return it == augment.end() ? Augmentation{} : it->second;
}

DepthOptions parse_depth_options(const Config& config) {
  DepthOptions o;
  o.dataset_name = one_of(config, "dataset", "synthetic", kDatasets);
  o.dataset = static_cast<DatasetKind>(std::find(kDatasets.begin(), kDatasets.end(), o.dataset_name) - kDatasets.begin());
  o.image_size = image_size_key(config, "image_size", ImageSize{32, 32});
  if (o.dataset == DatasetKind::synthetic) {
    reject_keys(config, kFolderKeys, "dataset \"redweb\" or \"image-depth-folder\"");
    parse_synthetic(config, o);
  } else {
    reject_keys(config, kSyntheticKeys, "dataset \"synthetic\"");
    parse_folders(config, o);
  }
  o.disparity_normalization =
      one_of(config, "disparity_normalization", "median", {"median", "none"}) == "median" ? DisparityNormalization::median
                                                                                          : DisparityNormalization::none;
  o.normalize = one_of(config, "normalize", "computed", {"computed", "none"}) == "computed" ? InputNormalization::computed
                                                                                            : InputNormalization::none;
  parse_augment(config, o);
  parse_loss(config, o);
  o.search_train_fraction = in_range(config, "search_train_fraction", 0.5, 0.0, 1.0, true, true);
  o.search_valid_fraction = in_range(config, "search_valid_fraction", 0.1, 0.0, 1.0, true, true);
  o.standalone_train = one_of(config, "standalone_train", "full", {"full", "search_train"}) == "full"
                           ? StandaloneTrain::full
                           : StandaloneTrain::search_train;
  return o;
}

std::string DepthOptions::fingerprint() const {
  std::ostringstream out;
  out << "depth/1 dataset=" << dataset_name << " image_size=" << to_string(image_size);
  if (dataset == DatasetKind::synthetic) {
    out << " train_size=" << train_size << " test_size=" << test_size << " synthetic_seed=" << synthetic_seed
        << " objects=" << scene.objects << " texture_contrast=" << number(scene.texture_contrast)
        << " noise=" << number(scene.noise) << " fog=" << number(scene.fog);
  } else {
    out << " root=" << root << " split=";
    if (split_file.empty())
      out << "seeded:" << number(test_fraction) << ":" << split_seed;
    else
      out << "file:" << split_file;
    out << " depth_encoding=" << depth_encoding_name(depth_encoding)
        << " depth_scale=" << number(depth_scale);
  }
  out << " disparity_normalization=" << (disparity_normalization == DisparityNormalization::median ? "median" : "none")
      << " normalize=" << (normalize == InputNormalization::computed ? "computed" : "none") << " augment=";
  bool first = true;
  for (const auto& [split, a] : augment) {
    out << (first ? "" : ";") << split << ":" << (a.crop ? "crop" : "") << (a.crop && a.flip ? "+" : "")
        << (a.flip ? "flip" : "");
    first = false;
  }
  if (first) out << "none";
  out << " crop_scale=" << number(crop_scale) << " loss=" << loss_name(loss.kind) << " alpha=" << number(loss.alpha)
      << " scales=" << loss.scales;
  if (loss.kind == LossKind::ssi_trimmed) out << " trim=" << number(loss.trim);
  out << " search_train_fraction=" << number(search_train_fraction)
      << " search_valid_fraction=" << number(search_valid_fraction)
      << " standalone_train=" << (standalone_train == StandaloneTrain::full ? "full" : "search_train");
  return out.str();
}

}  // namespace naskernel::depth
