#include "depth_task.h"

#include "depth_augmentation.h"
#include "depth_dataset.h"
#include "depth_metrics.h"
#include "depth_target.h"
#include "search_splits.h"
#include "ssi_loss.h"

#include <cstring>
#include <stdexcept>

namespace naskernel::depth {
namespace {

size_t slot(Split split) { return static_cast<size_t>(split); }

torch::Tensor to_tensor(const std::vector<int64_t>& values) {
  return torch::tensor(torch::ArrayRef<int64_t>(values), torch::kLong);
}

// Moves a set into uint8 images [N, 3, H, W] and float targets [N, 2, H, W].
std::pair<torch::Tensor, torch::Tensor> to_tensors(DepthSet& set) {
  const int64_t n = set.count(), h = set.size.height, w = set.size.width;
  torch::Tensor images = torch::empty({n, 3, h, w}, torch::kUInt8);
  if (!set.rgb.empty()) std::memcpy(images.data_ptr<uint8_t>(), set.rgb.data(), set.rgb.size());
  torch::Tensor disparity = torch::empty({n, h, w}, torch::kFloat);
  if (!set.disparity.empty())
    std::memcpy(disparity.data_ptr<float>(), set.disparity.data(), set.disparity.size() * sizeof(float));
  torch::Tensor valid = torch::empty({n, h, w}, torch::kUInt8);
  if (!set.valid.empty()) std::memcpy(valid.data_ptr<uint8_t>(), set.valid.data(), set.valid.size());
  std::vector<uint8_t>().swap(set.rgb);
  std::vector<float>().swap(set.disparity);
  std::vector<uint8_t>().swap(set.valid);
  return {images, torch::stack({disparity, valid.to(torch::kFloat)}, 1)};
}

}  // namespace

DepthTask::DepthTask(const Config& config) : options_(parse_depth_options(config)) {}

std::vector<KeySpec> DepthTask::keys() {
  return {
      {"dataset", "string", "\"synthetic\"", "\"synthetic\", \"redweb\" (Imgs/ + RDs/) or \"image-depth-folder\" (images/ + depths/ [+ masks/])"},
      {"image_size", "integer", "32", "size the networks see, an integer or [height, width]; folder images are resized to it"},
      {"train_size", "integer", "1000", "synthetic: training scenes"},
      {"test_size", "integer", "200", "synthetic: test scenes"},
      {"synthetic_seed", "integer", "0", "synthetic: fixes every scene"},
      {"objects", "integer", "4", "synthetic: boxes and spheres per scene"},
      {"texture_contrast", "float", "0.8", "synthetic: texture contrast in [0, 1] (0 = flat colours)"},
      {"noise", "float", "0.02", "synthetic: standard deviation of RGB noise on the [0, 1] scale"},
      {"fog", "float", "0.1", "synthetic: fog density per unit of depth, a per-pixel depth cue (0 = no fog)"},
      {"root", "string", "", "folders: the data set folder (required)"},
      {"split_file", "string", "\"\"", "folders: lines `train STEM` / `test STEM`; without it a seeded split"},
      {"test_fraction", "float", "0.1", "folders, seeded split: share of the images held out for testing"},
      {"split_seed", "integer", "0", "folders, seeded split: fixes which images are test images"},
      {"depth_encoding", "string", "\"depth\"", "folders: \"depth\", \"disparity\" or \"redweb\" (0 nearest, 255 sky), what the PNG values are; \"redweb\" for dataset redweb"},
      {"depth_scale", "float", "1.0", "folders: PNG value times this is the depth (or disparity)"},
      {"disparity_normalization", "string", "\"median\"", "\"median\" (divide each target by its median) or \"none\""},
      {"normalize", "string", "\"computed\"", "input: \"computed\" (training-set mean/std per channel) or \"none\" (pixels / 255)"},
      {"augment", "table", "{}", "per split name: a list of \"crop\", \"flip\""},
      {"crop_scale", "float", "0.75", "smallest side fraction of the random crop"},
      {"loss", "string", "\"ssi_mse\"", "\"ssi_mse\", \"ssi_trimmed\" or \"l1_aligned\""},
      {"alpha", "float", "0.5", "weight of the multi-scale gradient-matching term"},
      {"scales", "integer", "4", "scales of the gradient-matching term"},
      {"trim", "float", "0.2", "ssi_trimmed: share of each image's largest residuals dropped"},
      {"search_train_fraction", "float", "0.5", "of the search pool, for search_train (the rest: search_landmark)"},
      {"search_valid_fraction", "float", "0.1", "of the training set, held out first as search_valid"},
      {"standalone_train", "string", "\"full\"", "stand-alone training set: \"full\" or \"search_train\""},
  };
}

NetworkSpec DepthTask::network() const {
  return NetworkSpec{3, options_.image_size.height, options_.image_size.width, OutputKind::dense, 1};
}

void DepthTask::load(uint64_t seed) {
  if (!data_read_) {
    TrainTestDepth data = read_depth_dataset(options_);
    std::vector<double> mean(3, 0.0), std(3, 1.0);
    if (options_.normalize == InputNormalization::computed) {
      const ChannelStatistics stats = channel_statistics(data.train);
      mean = stats.mean;
      for (size_t c = 0; c < 3; ++c) std[c] = stats.std[c] > 1e-6 ? stats.std[c] : 1.0;  // constant channel
    }
    // (x / 255 - mean) / std as one multiply-add per element.
    std::vector<float> scale, shift;
    for (size_t c = 0; c < 3; ++c) {
      scale.push_back(static_cast<float>(1.0 / (255.0 * std[c])));
      shift.push_back(static_cast<float>(-mean[c] / std[c]));
    }
    input_scale_ = torch::tensor(scale).view({1, -1, 1, 1});
    input_shift_ = torch::tensor(shift).view({1, -1, 1, 1});
    std::tie(train_images_, train_targets_) = to_tensors(data.train);
    std::tie(test_images_, test_targets_) = to_tensors(data.test);
    data_read_ = true;
  }
  if (splits_drawn_ && seed == split_seed_) return;
  const SearchSplits splits = draw_search_splits(train_images_.size(0), options_.search_train_fraction,
                                                 options_.search_valid_fraction, seed);
  source_indices_[slot(Split::search_train)] = to_tensor(splits.search_train);
  source_indices_[slot(Split::search_landmark)] = to_tensor(splits.search_landmark);
  source_indices_[slot(Split::search_valid)] = to_tensor(splits.search_valid);
  source_indices_[slot(Split::train)] = options_.standalone_train == StandaloneTrain::full
                                            ? torch::arange(train_images_.size(0), torch::kLong)
                                            : source_indices_[slot(Split::search_train)];
  source_indices_[slot(Split::test)] = torch::arange(test_images_.size(0), torch::kLong);
  split_seed_ = seed;
  splits_drawn_ = true;
}

void DepthTask::require_loaded(const char* call) const {
  if (!splits_drawn_) throw std::logic_error(std::string("depth task: ") + call + "() before load()");
}

int64_t DepthTask::size(Split split) const {
  require_loaded("size");
  return source_indices_[slot(split)].size(0);
}

const torch::Tensor& DepthTask::source_indices(Split split) const {
  require_loaded("source_indices");
  return source_indices_[slot(split)];
}

Batch DepthTask::batch(Split split, const torch::Tensor& indices, Rng* augment) const {
  require_loaded("batch");
  const torch::Tensor& members = source_indices_[slot(split)];
  const torch::Tensor positions = indices.to(torch::kCPU, torch::kLong).reshape({-1});
  if (positions.numel() > 0) {
    const int64_t low = positions.min().item<int64_t>(), high = positions.max().item<int64_t>();
    if (low < 0 || high >= members.size(0))
      throw std::out_of_range(std::string("depth task: batch index ") + std::to_string(low < 0 ? low : high) +
                              " outside split " + split_name(split) + " of " + std::to_string(members.size(0)) +
                              " samples");
  }
  const torch::Tensor rows = members.index_select(0, positions);
  const bool from_test = split == Split::test;
  Batch batch;
  batch.input = (from_test ? test_images_ : train_images_)
                    .index_select(0, rows)
                    .to(torch::kFloat)
                    .mul_(input_scale_)
                    .add_(input_shift_);
  batch.target = (from_test ? test_targets_ : train_targets_).index_select(0, rows);
  const Augmentation augmentation = options_.augmentation(split_name(split));
  if (augment && augmentation.any()) {
    AugmentedBatch augmented = augment_depth_batch(batch.input, batch.target, augmentation, options_.crop_scale, *augment);
    batch.input = augmented.input;
    batch.target = augmented.target;
  }
  return batch;
}

torch::Tensor DepthTask::loss(const torch::Tensor& output, const Batch& batch) const {
  const DenseTarget parts = split_output_and_target(output, batch.target);
  return depth_loss(parts.prediction, parts.disparity, parts.mask, options_.loss);
}

std::vector<MetricSpec> DepthTask::metrics() const { return depth_metric_specs(); }

std::unique_ptr<MetricAccumulator> DepthTask::accumulator() const {
  return std::make_unique<DepthMetricAccumulator>(options_.loss);
}

void DepthTask::check_data() const { check_depth_files(options_); }

std::string DepthTask::fingerprint() const { return options_.fingerprint(); }

}  // namespace naskernel::depth
