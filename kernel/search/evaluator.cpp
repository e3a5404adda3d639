#include "evaluator.h"

#include "batch_norm_recalibration.h"

#include <optional>

namespace naskernel {

namespace {

// The split's first `batches` batches (0: all), on `device` and in `layout`
// once, so that no forward pass reorders them again.
std::vector<Batch> fixed_batches(const Task& task, Split split, torch::Device device, MemoryLayout layout,
                                 int64_t batch_size, int64_t batches) {
  const int64_t n = task.size(split);
  std::vector<Batch> out;
  for (int64_t begin = 0; begin < n && (batches == 0 || static_cast<int64_t>(out.size()) < batches);
       begin += batch_size) {
    auto indices = torch::arange(begin, std::min(n, begin + batch_size), torch::kInt64);
    Batch batch = task.batch(split, indices, nullptr).to(device);
    batch.input = in_layout(layout, batch.input);
    out.push_back(std::move(batch));
  }
  return out;
}

}  // namespace

Evaluator::Evaluator(const Task& task, const SearchSpace& space, torch::Device device, int64_t batch_size,
                     int64_t batches, Split split, ScoreBy score_by, int64_t recalibration_batches,
                     ForwardPass forward_pass)
    : task_(task),
      space_(space),
      score_by_(score_by),
      forward_pass_(forward_pass),
      batches_(fixed_batches(task, split, device, forward_pass.layout, batch_size, batches)) {
  if (recalibration_batches > 0)
    recalibration_batches_ = fixed_batches(task, Split::search_train, device, forward_pass.layout, batch_size,
                                           recalibration_batches);
  for (const auto& b : batches_) images_ += b.size();
  if (images_ == 0)
    throw UserError(std::string("the ") + split_name(split) + " split is empty, so architectures cannot be scored");
}

std::vector<double> Evaluator::score(SuperNet& supernet, const std::vector<Arch>& archs) const {
  return split_scores(supernet, archs).all;
}

SplitScores Evaluator::split_scores(SuperNet& supernet, const std::vector<Arch>& archs) const {
  if (score_by_ == ScoreBy::metric) return split_metric(supernet, archs);
  SplitScores scores = split_mean_loss(supernet, archs);
  if (task_.metrics().at(0).higher_is_better)  // lower loss ranks higher, as a higher metric does
    for (auto* part : {&scores.all, &scores.even, &scores.odd})
      for (double& loss : *part) loss = -loss;
  return scores;
}

std::vector<double> Evaluator::mean_loss(SuperNet& supernet, const std::vector<Arch>& archs) const {
  return split_mean_loss(supernet, archs).all;
}

SplitScores Evaluator::split_metric(SuperNet& supernet, const std::vector<Arch>& archs) const {
  torch::NoGradGuard no_grad;
  const bool halves = has_halves();
  SplitScores scores;
  std::optional<BatchNormRecalibration> recalibration;
  if (!recalibration_batches_.empty()) recalibration.emplace(supernet);
  for (const auto& arch : archs) {
    const Path path = space_.path(arch);
    if (recalibration) recalibration->recalibrate(path, recalibration_batches_, forward_pass_);
    const auto all = task_.accumulator(), even = task_.accumulator(), odd = task_.accumulator();
    for (size_t b = 0; b < batches_.size(); ++b) {
      const torch::Tensor output = forward_in(forward_pass_, supernet, batches_[b].input, path);
      all->add(output, batches_[b]);
      if (halves) (b % 2 == 0 ? even : odd)->add(output, batches_[b]);
    }
    scores.all.push_back(all->values().at(0));
    if (halves) scores.even.push_back(even->values().at(0)), scores.odd.push_back(odd->values().at(0));
  }
  return scores;
}

SplitScores Evaluator::split_mean_loss(SuperNet& supernet, const std::vector<Arch>& archs) const {
  torch::NoGradGuard no_grad;
  const bool halves = has_halves();
  SplitScores losses;
  std::optional<BatchNormRecalibration> recalibration;
  if (!recalibration_batches_.empty()) recalibration.emplace(supernet);
  for (const auto& arch : archs) {
    const Path path = space_.path(arch);
    if (recalibration) recalibration->recalibrate(path, recalibration_batches_, forward_pass_);
    double sum[2] = {0, 0}, images[2] = {0, 0};  // by batch parity
    for (size_t b = 0; b < batches_.size(); ++b) {
      const double n = static_cast<double>(batches_[b].size());
      sum[b % 2] += task_.loss(forward_in(forward_pass_, supernet, batches_[b].input, path), batches_[b]).item<double>() * n;
      images[b % 2] += n;
    }
    losses.all.push_back((sum[0] + sum[1]) / (images[0] + images[1]));
    if (halves) losses.even.push_back(sum[0] / images[0]), losses.odd.push_back(sum[1] / images[1]);
  }
  return losses;
}

double evaluate_network(StandaloneNet& net, const Task& task, Split split, torch::Device device,
                        int64_t batch_size, int64_t batches) {
  torch::NoGradGuard no_grad;
  const bool was_training = net.is_training();
  net.eval();
  const auto accumulator = task.accumulator();
  int64_t count = 0;
  for (const auto& batch : fixed_batches(task, split, device, MemoryLayout::contiguous, batch_size, batches)) {
    accumulator->add(net.forward(batch.input), batch);
    count += batch.size();
  }
  net.train(was_training);
  if (count == 0) throw UserError(std::string("split ") + split_name(split) + " is empty, so the network cannot be evaluated");
  return accumulator->values().at(0);
}

}  // namespace naskernel
