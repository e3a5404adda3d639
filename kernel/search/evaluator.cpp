#include "evaluator.h"

namespace naskernel {

namespace {

std::vector<Batch> fixed_batches(const Task& task, Split split, torch::Device device, int64_t batch_size,
                                 int64_t batches) {
  const int64_t n = task.size(split);
  std::vector<Batch> out;
  for (int64_t begin = 0; begin < n && (batches == 0 || static_cast<int64_t>(out.size()) < batches);
       begin += batch_size) {
    auto indices = torch::arange(begin, std::min(n, begin + batch_size), torch::kInt64);
    out.push_back(task.batch(split, indices, nullptr).to(device));
  }
  return out;
}

}  // namespace

Evaluator::Evaluator(const Task& task, const SearchSpace& space, torch::Device device, int64_t batch_size,
                     int64_t batches, Split split, ScoreBy score_by)
    : task_(task), space_(space), score_by_(score_by), batches_(fixed_batches(task, split, device, batch_size, batches)) {
  for (const auto& b : batches_) images_ += b.size();
  if (images_ == 0)
    throw UserError(std::string("the ") + split_name(split) + " split is empty, so architectures cannot be scored");
}

std::vector<double> Evaluator::score(SuperNet& supernet, const std::vector<Arch>& archs) const {
  if (score_by_ == ScoreBy::loss) {
    std::vector<double> scores = mean_loss(supernet, archs);
    if (task_.metrics().at(0).higher_is_better)
      for (double& loss : scores) loss = -loss;  // lower loss ranks higher, as a higher metric does
    return scores;
  }
  torch::NoGradGuard no_grad;
  std::vector<double> scores;
  scores.reserve(archs.size());
  for (const auto& arch : archs) {
    const Path path = space_.path(arch);
    const auto accumulator = task_.accumulator();
    for (const auto& batch : batches_) accumulator->add(supernet.forward(batch.input, path), batch);
    scores.push_back(accumulator->values().at(0));
  }
  return scores;
}

std::vector<double> Evaluator::mean_loss(SuperNet& supernet, const std::vector<Arch>& archs) const {
  torch::NoGradGuard no_grad;
  std::vector<double> losses;
  losses.reserve(archs.size());
  for (const auto& arch : archs) {
    const Path path = space_.path(arch);
    double weighted = 0;
    for (const auto& batch : batches_)
      weighted += task_.loss(supernet.forward(batch.input, path), batch).item<double>() * static_cast<double>(batch.size());
    losses.push_back(weighted / static_cast<double>(images_));
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
  for (const auto& batch : fixed_batches(task, split, device, batch_size, batches)) {
    accumulator->add(net.forward(batch.input), batch);
    count += batch.size();
  }
  net.train(was_training);
  if (count == 0) throw UserError(std::string("split ") + split_name(split) + " is empty, so the network cannot be evaluated");
  return accumulator->values().at(0);
}

}  // namespace naskernel
