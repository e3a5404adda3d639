#include "evaluator.h"

namespace naskernel {

namespace {

Batch to_device(const Batch& batch, torch::Device device) {
  return Batch{batch.input.to(device), batch.target.to(device)};
}

std::vector<Batch> fixed_batches(const Task& task, Split split, torch::Device device, int64_t batch_size,
                                 int64_t batches) {
  const int64_t n = task.size(split);
  std::vector<Batch> out;
  for (int64_t begin = 0; begin < n && (batches == 0 || static_cast<int64_t>(out.size()) < batches);
       begin += batch_size) {
    auto indices = torch::arange(begin, std::min(n, begin + batch_size), torch::kInt64);
    out.push_back(to_device(task.batch(split, indices, nullptr), device));
  }
  return out;
}

}  // namespace

Evaluator::Evaluator(const Task& task, torch::Device device, int64_t batch_size, int64_t batches)
    : task_(task), batches_(fixed_batches(task, Split::search_valid, device, batch_size, batches)) {
  for (const auto& b : batches_) images_ += b.size();
  if (images_ == 0) throw UserError("the search_valid split is empty, so architectures cannot be scored");
}

std::vector<double> Evaluator::score(SuperNet& supernet, const std::vector<Arch>& archs) const {
  torch::NoGradGuard no_grad;
  std::vector<double> scores;
  scores.reserve(archs.size());
  for (const auto& arch : archs) {
    const Path path(arch);
    double sum = 0;
    for (const auto& batch : batches_) sum += task_.metric_sums(supernet.forward(batch.input, path), batch).at(0);
    scores.push_back(sum / static_cast<double>(images_));
  }
  return scores;
}

double evaluate_network(StandaloneNet& net, const Task& task, Split split, torch::Device device,
                        int64_t batch_size, int64_t batches) {
  torch::NoGradGuard no_grad;
  const bool was_training = net.is_training();
  net.eval();
  double sum = 0;
  int64_t count = 0;
  for (const auto& batch : fixed_batches(task, split, device, batch_size, batches)) {
    sum += task.metric_sums(net.forward(batch.input), batch).at(0);
    count += batch.size();
  }
  net.train(was_training);
  if (count == 0) throw UserError(std::string("split ") + split_name(split) + " is empty, so the network cannot be evaluated");
  return sum / static_cast<double>(count);
}

}  // namespace naskernel
