#include "classification_options.h"

#include "cifar_reader.h"

#include <naskernel/errors.h>
#include <naskernel/suggest.h>

#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace naskernel::classification {
namespace {

const std::vector<std::string> kDatasets = {"idx", "cifar-binary", "image-folder", "synthetic"};
const std::vector<std::string> kSplitNames = {"search_train", "search_landmark", "search_valid", "train", "test"};
constexpr const char* kDefaultIdxRoot = "/usr/share/datasets/fashion-mnist";

ConfigError bad_value(const Config& config, const std::string& key, const std::string& problem) {
  return ConfigError(config.location(key) + "key `" + config.path(key) + "` " + problem);
}

std::string one_of(const Config& config, const std::string& key, const std::string& fallback,
                   const std::vector<std::string>& allowed) {
  const std::string value = config.get<std::string>(key, fallback);
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "\"" : ", \"") + a + "\"";
    throw bad_value(config, key, "must be one of " + list + ", got \"" + value + "\"" + did_you_mean(value, allowed));
  }
  return value;
}

int64_t positive(const Config& config, const std::string& key, int64_t fallback) {
  const int64_t value = config.get<int64_t>(key, fallback);
  if (value <= 0) throw bad_value(config, key, "must be positive, got " + std::to_string(value));
  return value;
}

// An image size written as one integer (square) or as [height, width].
std::optional<ImageSize> image_size_key(const Config& config, const std::string& key) {
  if (!config.has(key)) {
    config.get<int64_t>(key, 0);  // marks the key as known for finish()
    return std::nullopt;
  }
  const toml::node* node = config.table().at_path(key).node();
  ImageSize size;
  if (node->is_array()) {
    const std::vector<int64_t> pair = config.get_list<int64_t>(key, {});
    if (pair.size() != 2) throw bad_value(config, key, "must be [height, width], got " + std::to_string(pair.size()) + " numbers");
    size = {pair[0], pair[1]};
  } else {
    const int64_t side = config.get<int64_t>(key, 0);
    size = {side, side};
  }
  if (size.height <= 0 || size.width <= 0)
    throw bad_value(config, key, "must be positive, got " + to_string(size));
  return size;
}

double fraction(const Config& config, const std::string& key, double fallback) {
  const double value = config.get<double>(key, fallback);
  if (!(value > 0.0 && value < 1.0)) throw bad_value(config, key, "must lie strictly between 0 and 1, got " + std::to_string(value));
  return value;
}

void parse_dataset(const Config& config, ClassificationOptions& o) {
  o.root_location = config.location("root");
  o.root_key = config.path("root");
  switch (o.dataset) {
    case DatasetKind::idx:
      o.root = config.get<std::string>("root", kDefaultIdxRoot);
      o.classes = positive(config, "classes", 10);
      o.channels = 1;
      o.image_size = image_size_key(config, "image_size");
      if (!o.image_size) o.image_size = ImageSize{28, 28};
      break;
    case DatasetKind::cifar_binary: {
      o.root = config.require<std::string>("root");
      o.cifar_variant = one_of(config, "variant", "cifar10", {"cifar10", "cifar100"});
      const bool cifar100 = o.cifar_variant == "cifar100";
      if (cifar100) o.cifar_label = one_of(config, "label", "fine", {"fine", "coarse"});
      o.classes = cifar_classes(cifar100 ? CifarVariant::cifar100 : CifarVariant::cifar10,
                                o.cifar_label == "fine" ? CifarLabel::fine : CifarLabel::coarse);
      o.channels = 3;
      o.image_size = ImageSize{kCifarSide, kCifarSide};
      break;
    }
    case DatasetKind::image_folder:
      o.root = config.require<std::string>("root");
      o.classes = config.require<int64_t>("classes");
      if (o.classes <= 0) throw bad_value(config, "classes", "must be positive, got " + std::to_string(o.classes));
      o.channels = config.get<int64_t>("channels", 3);
      o.train_dir = config.get<std::string>("train_dir", "train");
      o.test_dir = config.get<std::string>("test_dir", "test");
      o.image_size = image_size_key(config, "image_size");
      break;
    case DatasetKind::synthetic:
      o.classes = positive(config, "classes", 10);
      o.channels = config.get<int64_t>("channels", 1);
      o.image_size = image_size_key(config, "image_size");
      if (!o.image_size) o.image_size = ImageSize{16, 16};
      o.synthetic_train_size = positive(config, "train_size", 1000);
      o.synthetic_test_size = positive(config, "test_size", 500);
      o.synthetic_noise = config.get<double>("noise", 0.5);
      if (o.synthetic_noise < 0) throw bad_value(config, "noise", "must not be negative");
      o.synthetic_max_shift = config.get<int64_t>("max_shift", 2);
      if (o.synthetic_max_shift < 0) throw bad_value(config, "max_shift", "must not be negative");
      o.synthetic_seed = static_cast<uint64_t>(config.get<int64_t>("synthetic_seed", 0));
      break;
  }
  if (o.channels < 1 || o.channels > 4)
    throw bad_value(config, "channels", "must be between 1 and 4, got " + std::to_string(o.channels));
}

void parse_subset(const Config& config, ClassificationOptions& o) {
  const Config subset = config.sub("subset");
  for (const char* split : {"train", "test"}) {
    if (!subset.has(split)) {
      subset.get<int64_t>(split, 0);
      continue;
    }
    const int64_t count = positive(subset, split, 0);
    (std::string(split) == "train" ? o.subset_train : o.subset_test) = count;
    (std::string(split) == "train" ? o.subset_train_location : o.subset_test_location) = subset.location(split);
  }
  o.subset_seed = static_cast<uint64_t>(config.get<int64_t>("subset_seed", 0));
}

void parse_normalize(const Config& config, ClassificationOptions& o) {
  const toml::node* node = config.table().at_path("normalize").node();
  if (node && node->is_table()) {
    const Config given = config.sub("normalize");
    o.normalize = NormalizeMode::given;
    o.mean = given.get_list<double>("mean", {});
    o.std = given.get_list<double>("std", {});
    return;
  }
  const std::string mode = one_of(config, "normalize", "computed", {"computed", "none"});
  o.normalize = mode == "computed" ? NormalizeMode::computed : NormalizeMode::none;
}

void parse_augment(const Config& config, ClassificationOptions& o) {
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
  o.crop_padding = config.get<int64_t>("crop_padding", 4);
  if (o.crop_padding < 0) throw bad_value(config, "crop_padding", "must not be negative");
}

// The shortest of %.15g / %.17g that reads back as the same double, so that
// 0.1 prints as "0.1" and every value stays exact.
std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.15g", value);
  if (std::strtod(text, nullptr) != value) std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

}  // namespace

Augmentation ClassificationOptions::augmentation(const std::string& split) const {
  auto it = augment.find(split);
  return it == augment.end() ? Augmentation{} : it->second;
}

ClassificationOptions parse_classification_options(const Config& config) {
  ClassificationOptions o;
  o.dataset_name = one_of(config, "dataset", "idx", kDatasets);
  o.dataset = static_cast<DatasetKind>(std::find(kDatasets.begin(), kDatasets.end(), o.dataset_name) - kDatasets.begin());
  parse_dataset(config, o);

  o.image_size_given = config.has("image_size");
  o.resize = image_size_key(config, "resize");
  if (!o.image_size && !o.resize)
    throw ConfigError(config.location("classes") + "dataset \"image-folder\" needs `" + config.path("image_size") +
                      "` or `" + config.path("resize") + "`, so that shapes are known without reading images");
  parse_subset(config, o);
  parse_normalize(config, o);
  if (o.normalize == NormalizeMode::given) {
    const Config given = config.sub("normalize");
    if (static_cast<int64_t>(o.mean.size()) != o.channels || static_cast<int64_t>(o.std.size()) != o.channels)
      throw bad_value(config, "normalize", "must give " + std::to_string(o.channels) +
                                               " values in `mean` and in `std` (one per channel), got " +
                                               std::to_string(o.mean.size()) + " and " + std::to_string(o.std.size()));
    for (double s : o.std)
      if (!(s > 0)) throw bad_value(given, "std", "must be positive, got " + number(s));
  }
  parse_augment(config, o);

  o.search_train_fraction = fraction(config, "search_train_fraction", 0.5);
  o.search_valid_fraction = fraction(config, "search_valid_fraction", 0.1);
  o.standalone_train = one_of(config, "standalone_train", "full", {"full", "search_train"}) == "full"
                           ? StandaloneTrain::full
                           : StandaloneTrain::search_train;
  o.label_smoothing = config.get<double>("label_smoothing", 0.0);
  if (!(o.label_smoothing >= 0 && o.label_smoothing < 1))
    throw bad_value(config, "label_smoothing", "must be in [0, 1), got " + number(o.label_smoothing));
  return o;
}

std::vector<KeySpec> classification_option_keys() {
  return {
      {"dataset", "string", "\"idx\"", "idx | cifar-binary | image-folder | synthetic"},
      {"root", "string", "\"/usr/share/datasets/fashion-mnist\"", "data folder (required for cifar-binary, image-folder)"},
      {"classes", "integer", "10", "number of classes (required for image-folder)"},
      {"image_size", "integer | array", "28", "stored size, N or [H, W] (idx 28, synthetic 16)"},
      {"channels", "integer", "1", "image channels for image-folder (3) and synthetic (1)"},
      {"variant", "string", "\"cifar10\"", "cifar-binary: cifar10 | cifar100"},
      {"label", "string", "\"fine\"", "cifar100 labels: fine | coarse"},
      {"train_dir", "string", "\"train\"", "image-folder training folder"},
      {"test_dir", "string", "\"test\"", "image-folder test folder"},
      {"train_size", "integer", "1000", "synthetic training images"},
      {"test_size", "integer", "500", "synthetic test images"},
      {"noise", "float", "0.5", "synthetic pixel noise"},
      {"max_shift", "integer", "2", "synthetic pattern shift, pixels"},
      {"synthetic_seed", "integer", "0", "seed of the synthetic images"},
      {"resize", "integer | array", "", "bilinear resize once at load, N or [H, W] (optional)"},
      {"subset", "table", "", "{train = N, test = M}: class-balanced random subsets (optional)"},
      {"subset_seed", "integer", "0", "fixes which samples `subset` keeps"},
      {"normalize", "string | table", "\"computed\"", "computed | none | {mean = [...], std = [...]}"},
      {"augment", "table", "", "{SPLIT = [\"crop\", \"flip\"]} per split name (optional)"},
      {"crop_padding", "integer", "4", "zero padding of the random crop"},
      {"search_train_fraction", "float", "0.5", "of the search pool, for search_train"},
      {"search_valid_fraction", "float", "0.1", "of the training set, held out first for search_valid"},
      {"standalone_train", "string", "\"full\"", "full | search_train: what stand-alone training uses"},
      {"label_smoothing", "float", "0", "cross-entropy label smoothing"},
  };
}

std::string ClassificationOptions::fingerprint() const {
  std::ostringstream out;
  out << "classification/1 dataset=" << dataset_name;
  switch (dataset) {
    case DatasetKind::idx:
      out << " root=" << root << " classes=" << classes << " image_size=" << to_string(*image_size);
      break;
    case DatasetKind::cifar_binary:
      out << " root=" << root << " variant=" << cifar_variant;
      if (cifar_variant == "cifar100") out << " label=" << cifar_label;
      break;
    case DatasetKind::image_folder:
      out << " root=" << root << " train_dir=" << train_dir << " test_dir=" << test_dir << " classes=" << classes
          << " channels=" << channels << " image_size=" << (image_size ? to_string(*image_size) : "any");
      break;
    case DatasetKind::synthetic:
      out << " classes=" << classes << " channels=" << channels << " image_size=" << to_string(*image_size)
          << " train_size=" << synthetic_train_size << " test_size=" << synthetic_test_size
          << " noise=" << number(synthetic_noise) << " max_shift=" << synthetic_max_shift
          << " synthetic_seed=" << synthetic_seed;
      break;
  }
  out << " resize=" << (resize ? to_string(*resize) : "none");
  out << " subset=" << (subset_train ? std::to_string(*subset_train) : "all") << "/"
      << (subset_test ? std::to_string(*subset_test) : "all") << " subset_seed=" << subset_seed;
  out << " normalize=";
  if (normalize == NormalizeMode::given) {
    out << "mean";
    for (double m : mean) out << ":" << number(m);
    out << ",std";
    for (double s : std) out << ":" << number(s);
  } else {
    out << (normalize == NormalizeMode::computed ? "computed" : "none");
  }
  out << " augment=";
  bool first = true;
  for (const auto& [split, a] : augment) {
    out << (first ? "" : ";") << split << ":" << (a.crop ? "crop" : "") << (a.crop && a.flip ? "+" : "")
        << (a.flip ? "flip" : "");
    first = false;
  }
  if (first) out << "none";
  out << " crop_padding=" << crop_padding << " search_train_fraction=" << number(search_train_fraction)
      << " search_valid_fraction=" << number(search_valid_fraction)
      << " standalone_train=" << (standalone_train == StandaloneTrain::full ? "full" : "search_train");
  if (label_smoothing > 0) out << " label_smoothing=" << number(label_smoothing);
  return out.str();
}

}  // namespace naskernel::classification
