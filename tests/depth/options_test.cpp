// The depth task's keys: defaults, checks, messages naming the key, fingerprints.
#include "test_util.h"

#include "depth_options.h"
#include "search_splits.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace naskernel::depth;
using depth_test::contains;
using depth_test::error_message;
using depth_test::task_config;
using naskernel::ConfigError;

namespace {

DepthOptions parse(const std::string& toml) {
  const naskernel::Config config = task_config(toml);
  DepthOptions o = parse_depth_options(config);
  config.finish();
  return o;
}

std::string config_error(const std::string& toml) {
  return error_message<ConfigError>([&] { parse(toml); });
}

}  // namespace

TEST_CASE("defaults: synthetic 32x32 scenes, ssi_mse with alpha 0.5 over 4 scales") {
  const DepthOptions o = parse("");
  CHECK(o.dataset == DatasetKind::synthetic);
  CHECK(o.image_size == ImageSize{32, 32});
  CHECK(o.train_size == 1000);
  CHECK(o.test_size == 200);
  CHECK(o.loss.kind == LossKind::ssi_mse);
  CHECK(o.loss.alpha == 0.5);
  CHECK(o.loss.scales == 4);
  CHECK(o.disparity_normalization == DisparityNormalization::median);
  CHECK(o.augment.empty());
}

TEST_CASE("keys are read and checked") {
  const DepthOptions o = parse(
      "image_size = [24, 40]\nobjects = 7\nnoise = 0.1\nloss = \"ssi_trimmed\"\ntrim = 0.3\n"
      "augment = { search_train = [\"crop\", \"flip\"], train = [\"flip\"] }\n");
  CHECK(o.image_size == ImageSize{24, 40});
  CHECK(o.scene.objects == 7);
  CHECK(o.loss.kind == LossKind::ssi_trimmed);
  CHECK(o.loss.trim == 0.3);
  CHECK(o.augmentation("search_train").crop);
  CHECK(o.augmentation("search_train").flip);
  CHECK(!o.augmentation("train").crop);
  CHECK(!o.augmentation("test").any());

  const DepthOptions redweb = parse("dataset = \"redweb\"\nroot = \"/data/ReDWeb_V1\"\n");
  CHECK(redweb.depth_encoding == DepthEncoding::redweb);
  CHECK(parse("dataset = \"redweb\"\nroot = \"/x\"\ndepth_encoding = \"disparity\"\n").depth_encoding == DepthEncoding::disparity);
  CHECK(parse("dataset = \"image-depth-folder\"\nroot = \"/x\"\n").depth_encoding == DepthEncoding::depth);
}

TEST_CASE("bad values are refused with a sentence naming the key") {
  CHECK(config_error("loss = \"ssi_mes\"") ==
        "key `task.loss` must be one of \"ssi_mse\", \"ssi_trimmed\", \"l1_aligned\", got \"ssi_mes\" (did you mean `ssi_mse`?)");
  CHECK(config_error("dataset = \"redweb\"") == "missing required key `task.root`");
  CHECK(config_error("image_size = [3]") == "key `task.image_size` must be [height, width], got 1 numbers");
  CHECK(config_error("texture_contrast = 1.5") == "key `task.texture_contrast` must lie in [0, 1], got 1.5");
  CHECK(config_error("alpha = -1") == "key `task.alpha` must not be negative, got -1");
  CHECK(config_error("augment = { train = [\"flop\"] }") ==
        "key `task.augment.train` lists an unknown augmentation \"flop\"; known: \"crop\", \"flip\" (did you mean `flip`?)");
  CHECK(config_error("root = \"/x\"") == "key `task.root` applies only to dataset \"redweb\" or \"image-depth-folder\"");
  CHECK(config_error("dataset = \"redweb\"\nroot = \"/x\"\nobjects = 3") ==
        "key `task.objects` applies only to dataset \"synthetic\"");
  CHECK(config_error("trim = 0.1") == "key `task.trim` applies only to `loss = \"ssi_trimmed\"`");
  CHECK(config_error("dataset = \"redweb\"\nroot = \"/x\"\nsplit_file = \"s.txt\"\ntest_fraction = 0.2") ==
        "key `task.test_fraction` cannot be combined with `task.split_file` (the split file decides the test images)");
  CHECK(config_error("dataset = \"redweb\"\nroot = \"/x\"\nsplit_file = \"s.txt\"\nsplit_seed = 2") ==
        "key `task.split_seed` cannot be combined with `task.split_file` (the split file decides the test images)");
  CHECK(contains(config_error("lost = \"ssi_mse\""), "unknown key `task.lost`"));
}

TEST_CASE("the fingerprint changes with every option that changes data or loss") {
  const std::string base = parse("").fingerprint();
  CHECK(contains(base, "depth/1 dataset=synthetic image_size=32x32"));
  for (const char* change : {"image_size = 16", "objects = 2", "synthetic_seed = 1", "fog = 0", "loss = \"l1_aligned\"",
                             "alpha = 0.25", "scales = 3", "disparity_normalization = \"none\"",
                             "augment = { train = [\"flip\"] }", "search_valid_fraction = 0.2"})
    CHECK_MESSAGE(parse(change).fingerprint() != base, change);
  CHECK(parse("").fingerprint() == base);
}

TEST_CASE("search splits are disjoint, cover the training set and depend on the seed only") {
  const SearchSplits s = draw_search_splits(100, 0.5, 0.1, 11);
  CHECK(s.search_valid.size() == 10);
  CHECK(s.search_train.size() == 45);
  CHECK(s.search_landmark.size() == 45);
  std::vector<int64_t> all = s.search_train;
  all.insert(all.end(), s.search_landmark.begin(), s.search_landmark.end());
  all.insert(all.end(), s.search_valid.begin(), s.search_valid.end());
  std::sort(all.begin(), all.end());
  for (int64_t i = 0; i < 100; ++i) CHECK(all[static_cast<size_t>(i)] == i);
  CHECK(draw_search_splits(100, 0.5, 0.1, 11).search_valid == s.search_valid);
  CHECK(draw_search_splits(100, 0.5, 0.1, 12).search_valid != s.search_valid);
  CHECK_THROWS_AS(draw_search_splits(3, 0.5, 0.1, 0), naskernel::DataError);
}
