#include "classification_options.h"

#include <naskernel/errors.h>

#include <doctest/doctest.h>

using namespace naskernel::classification;

namespace {

// Parses like the plugin boundary does: construct, then reject unread keys.
ClassificationOptions parse(const std::string& toml) {
  const naskernel::Config config = naskernel::Config::parse("__section__ = \"task\"\n" + toml);
  ClassificationOptions options = parse_classification_options(config);
  config.finish();
  return options;
}

std::string error_of(const std::string& toml) {
  try {
    parse(toml);
  } catch (const naskernel::ConfigError& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("defaults describe Fashion-MNIST") {
  const ClassificationOptions o = parse("");
  CHECK(o.dataset == DatasetKind::idx);
  CHECK(o.root == "/usr/share/datasets/fashion-mnist");
  CHECK(o.classes == 10);
  CHECK(o.channels == 1);
  CHECK(o.input_size() == ImageSize{28, 28});
  CHECK(o.normalize == NormalizeMode::computed);
  CHECK(o.augment.empty());
  CHECK(o.crop_padding == 4);
  CHECK(o.search_train_fraction == 0.5);
  CHECK(o.search_valid_fraction == 0.1);
  CHECK(o.standalone_train == StandaloneTrain::full);
}

TEST_CASE("dataset keys give the shape without data") {
  const ClassificationOptions cifar = parse("dataset = \"cifar-binary\"\nroot = \"/x\"\nvariant = \"cifar100\"\nlabel = \"coarse\"");
  CHECK(cifar.classes == 20);
  CHECK(cifar.channels == 3);
  CHECK(cifar.input_size() == ImageSize{32, 32});
  CHECK(parse("dataset = \"cifar-binary\"\nroot = \"/x\"").classes == 10);

  const ClassificationOptions folder =
      parse("dataset = \"image-folder\"\nroot = \"/x\"\nclasses = 5\nresize = [24, 20]\nchannels = 1");
  CHECK(folder.input_size() == ImageSize{24, 20});
  CHECK(folder.classes == 5);
  CHECK(folder.channels == 1);
  CHECK(parse("dataset = \"image-folder\"\nroot = \"/x\"\nclasses = 5\nimage_size = 40").input_size() == ImageSize{40, 40});

  const ClassificationOptions synthetic = parse("dataset = \"synthetic\"\nchannels = 3\nimage_size = 12\nclasses = 4");
  CHECK(synthetic.input_size() == ImageSize{12, 12});
  CHECK(synthetic.channels == 3);
  CHECK(synthetic.classes == 4);
  CHECK(parse("resize = 32").input_size() == ImageSize{32, 32});
}

TEST_CASE("options are parsed: subset, normalize, augment, splits") {
  const ClassificationOptions o = parse(
      "subset = {train = 100, test = 50}\nsubset_seed = 3\nnormalize = {mean = [0.5], std = [0.25]}\n"
      "augment = {search_train = [\"crop\", \"flip\"], train = [\"flip\"]}\ncrop_padding = 2\n"
      "search_train_fraction = 0.25\nsearch_valid_fraction = 0.2\nstandalone_train = \"search_train\"");
  CHECK(*o.subset_train == 100);
  CHECK(*o.subset_test == 50);
  CHECK(o.subset_seed == 3);
  CHECK(o.normalize == NormalizeMode::given);
  CHECK(o.mean == std::vector<double>{0.5});
  CHECK(o.std == std::vector<double>{0.25});
  CHECK(o.augmentation("search_train").crop);
  CHECK(o.augmentation("search_train").flip);
  CHECK(!o.augmentation("train").crop);
  CHECK(o.augmentation("train").flip);
  CHECK(!o.augmentation("test").any());
  CHECK(o.crop_padding == 2);
  CHECK(o.search_train_fraction == 0.25);
  CHECK(o.standalone_train == StandaloneTrain::search_train);
  CHECK(parse("normalize = \"none\"").normalize == NormalizeMode::none);
}

TEST_CASE("configuration errors name the key") {
  CHECK(error_of("dataset = \"cifar\"").find("`task.dataset` must be one of") != std::string::npos);
  CHECK(error_of("dataset = \"imagefolder\"").find("did you mean `image-folder`") != std::string::npos);
  CHECK(error_of("dataset = \"cifar-binary\"").find("missing required key `task.root`") != std::string::npos);
  CHECK(error_of("dataset = \"image-folder\"\nroot = \"/x\"\nclasses = 3").find("`task.image_size` or `task.resize`") !=
        std::string::npos);
  CHECK(error_of("resize = [1, 2, 3]").find("`task.resize` must be [height, width]") != std::string::npos);
  CHECK(error_of("resize = 0").find("`task.resize` must be positive") != std::string::npos);
  CHECK(error_of("augment = {train = [\"crpo\"]}").find("`task.augment.train` lists an unknown augmentation \"crpo\"") !=
        std::string::npos);
  CHECK(error_of("augment = {trian = [\"crop\"]}").find("unknown key `task.augment.trian`") != std::string::npos);
  CHECK(error_of("normalize = {mean = [0.5, 0.5], std = [0.2, 0.2]}").find("must give 1 values") != std::string::npos);
  CHECK(error_of("normalize = {mean = [0.5], std = [0]}").find("`task.normalize.std` must be positive") !=
        std::string::npos);
  CHECK(error_of("search_valid_fraction = 1.0").find("`task.search_valid_fraction` must lie strictly between") !=
        std::string::npos);
  CHECK(error_of("subset = {train = -1}").find("`task.subset.train` must be positive") != std::string::npos);
  CHECK(error_of("standalone_train = \"all\"").find("`task.standalone_train`") != std::string::npos);
  // Keys of other data sets are not silently ignored.
  CHECK(error_of("dataset = \"cifar-binary\"\nroot = \"/x\"\nclasses = 10").find("unknown key `task.classes`") !=
        std::string::npos);
  CHECK(error_of("noise = 0.5").find("unknown key `task.noise`") != std::string::npos);
  CHECK(error_of("dataset = \"synthetic\"\nchannels = 5").find("`task.channels` must be between 1 and 4") !=
        std::string::npos);
}

TEST_CASE("fingerprint is stable text that changes with every data option") {
  const std::string base = parse("").fingerprint();
  CHECK(base == parse("").fingerprint());
  CHECK(base.find("dataset=idx") != std::string::npos);
  CHECK(base.find("/usr/share/datasets/fashion-mnist") != std::string::npos);
  CHECK(base.find("search_valid_fraction=0.1 ") != std::string::npos);  // shortest exact decimal
  const char* variations[] = {"root = \"/other\"", "classes = 11", "resize = 32", "subset = {train = 10}",
                              "subset_seed = 1", "normalize = \"none\"", "augment = {train = [\"flip\"]}",
                              "crop_padding = 2", "search_train_fraction = 0.4", "search_valid_fraction = 0.2",
                              "standalone_train = \"search_train\"", "image_size = 32"};
  for (const char* variation : variations) {
    CAPTURE(variation);
    CHECK(parse(variation).fingerprint() != base);
  }
  CHECK(parse("dataset = \"synthetic\"\nnoise = 0.1").fingerprint() != parse("dataset = \"synthetic\"").fingerprint());
}
