#include "classification_task.h"

#include "batch_augmentation.h"
#include "classification_objective.h"
#include "dataset_reader.h"
#include "search_splits.h"

#include <cstring>
#include <stdexcept>

namespace naskernel::classification {
namespace {

size_t slot(Split split) { return static_cast<size_t>(split); }

torch::Tensor to_tensor(const std::vector<int64_t>& values) {
  return torch::tensor(torch::ArrayRef<int64_t>(values), torch::kLong);
}

// Moves the bytes into a uint8 [N, C, H, W] tensor, labels into int64 [N].
std::pair<torch::Tensor, torch::Tensor> to_tensors(ImageSet& set) {
  torch::Tensor images = torch::empty({set.count(), set.channels, set.height, set.width}, torch::kUInt8);
  if (!set.pixels.empty()) std::memcpy(images.data_ptr<uint8_t>(), set.pixels.data(), set.pixels.size());
  std::vector<uint8_t>().swap(set.pixels);
  return {images, to_tensor(set.labels)};
}

}  // namespace

ClassificationTask::ClassificationTask(const Config& config) : options_(parse_classification_options(config)) {}

NetworkSpec ClassificationTask::network() const {
  const ImageSize size = options_.input_size();
  return NetworkSpec{options_.channels, size.height, size.width, OutputKind::classes, options_.classes};
}

void ClassificationTask::load(uint64_t seed) {
  if (!data_read_) {
    TrainTestImages data = read_dataset(options_);
    std::vector<double> mean(static_cast<size_t>(options_.channels), 0.0), std(mean.size(), 1.0);
    if (options_.normalize == NormalizeMode::computed) {
      const ChannelStatistics stats = channel_statistics(data.train);
      mean = stats.mean;
      for (size_t c = 0; c < std.size(); ++c) std[c] = stats.std[c] > 1e-6 ? stats.std[c] : 1.0;  // constant channel
    } else if (options_.normalize == NormalizeMode::given) {
      mean = options_.mean;
      std = options_.std;
    }
    // (x / 255 - mean) / std as one multiply-add per element.
    std::vector<float> scale, shift;
    for (size_t c = 0; c < mean.size(); ++c) {
      scale.push_back(static_cast<float>(1.0 / (255.0 * std[c])));
      shift.push_back(static_cast<float>(-mean[c] / std[c]));
    }
    input_scale_ = torch::tensor(scale).view({1, -1, 1, 1});
    input_shift_ = torch::tensor(shift).view({1, -1, 1, 1});
    std::tie(train_images_, train_labels_) = to_tensors(data.train);
    std::tie(test_images_, test_labels_) = to_tensors(data.test);
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

void ClassificationTask::require_loaded(const char* call) const {
  if (!splits_drawn_) throw std::logic_error(std::string("classification task: ") + call + "() before load()");
}

int64_t ClassificationTask::size(Split split) const {
  require_loaded("size");
  return source_indices_[slot(split)].size(0);
}

const torch::Tensor& ClassificationTask::source_indices(Split split) const {
  require_loaded("source_indices");
  return source_indices_[slot(split)];
}

Batch ClassificationTask::batch(Split split, const torch::Tensor& indices, Rng* augment) const {
  require_loaded("batch");
  const torch::Tensor& members = source_indices_[slot(split)];
  const torch::Tensor positions = indices.to(torch::kCPU, torch::kLong).reshape({-1});
  if (positions.numel() > 0) {
    const int64_t low = positions.min().item<int64_t>(), high = positions.max().item<int64_t>();
    if (low < 0 || high >= members.size(0))
      throw std::out_of_range(std::string("classification task: batch index ") +
                              std::to_string(low < 0 ? low : high) + " outside split " + split_name(split) +
                              " of " + std::to_string(members.size(0)) + " samples");
  }
  const torch::Tensor rows = members.index_select(0, positions);
  const bool from_test = split == Split::test;
  torch::Tensor pixels = (from_test ? test_images_ : train_images_).index_select(0, rows);
  const Augmentation augmentation = options_.augmentation(split_name(split));
  if (augment && augmentation.any()) pixels = augment_batch(pixels, augmentation, options_.crop_padding, *augment);
  Batch batch;
  batch.input = pixels.to(torch::kFloat).mul_(input_scale_).add_(input_shift_);
  batch.target = (from_test ? test_labels_ : train_labels_).index_select(0, rows);
  return batch;
}

torch::Tensor ClassificationTask::loss(const torch::Tensor& output, const Batch& batch) const {
  return smoothed_cross_entropy(output, batch.target, options_.label_smoothing);
}

std::vector<MetricSpec> ClassificationTask::metrics() const {
  std::vector<MetricSpec> specs{{"top1", true}};
  if (options_.classes > 5) specs.push_back({"top5", true});
  return specs;
}

namespace {

// Sums of per-sample percentages, divided by the count at the end: a mean
// over samples, whatever the batch sizes.
class TopkAccumulator : public MetricAccumulator {
 public:
  explicit TopkAccumulator(std::vector<int64_t> ks) : ks_(std::move(ks)), sums_(ks_.size(), 0.0) {}
  void add(const torch::Tensor& output, const Batch& batch) override {
    const std::vector<double> sums = topk_correct_percent_sums(output, batch.target, ks_);
    for (size_t i = 0; i < sums.size(); ++i) sums_[i] += sums[i];
    count_ += output.size(0);
  }
  std::vector<double> values() const override {
    if (count_ == 0) throw std::logic_error("classification metrics of no samples");
    std::vector<double> out;
    for (double sum : sums_) out.push_back(sum / static_cast<double>(count_));
    return out;
  }

 private:
  std::vector<int64_t> ks_;
  std::vector<double> sums_;
  int64_t count_ = 0;
};

}  // namespace

std::unique_ptr<MetricAccumulator> ClassificationTask::accumulator() const {
  std::vector<int64_t> ks{1};
  if (options_.classes > 5) ks.push_back(5);
  return std::make_unique<TopkAccumulator>(std::move(ks));
}

void ClassificationTask::check_data() const { check_dataset_files(options_); }

std::string ClassificationTask::fingerprint() const { return options_.fingerprint(); }

}  // namespace naskernel::classification
