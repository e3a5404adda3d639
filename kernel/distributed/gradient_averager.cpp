#include "kernel/distributed/gradient_averager.h"

#include "kernel/distributed/process_group_collectives.h"

#include <chrono>
#include <map>
#include <string>

namespace naskernel {

GradientAverager::GradientAverager(Collectives& collectives, int64_t bucket_bytes)
    : collectives_(collectives), bucket_bytes_(bucket_bytes) {}

namespace {

void reduce_bucket(Collectives& collectives, std::vector<torch::Tensor>& grads) {
  if (grads.empty()) return;
  std::vector<torch::Tensor> flat_parts;
  for (const auto& g : grads) flat_parts.push_back(g.reshape({-1}));
  torch::Tensor flat = torch::cat(flat_parts);
  collectives.all_reduce(flat, ReduceOp::sum);
  flat.div_(collectives.world_size());
  int64_t offset = 0;
  for (auto& g : grads) {
    const int64_t n = g.numel();
    g.copy_(flat.narrow(0, offset, n).view_as(g));
    offset += n;
  }
  grads.clear();
}

}  // namespace

StepAgreement GradientAverager::average(const std::vector<torch::Tensor>& parameters, bool stop, double task_loss,
                                        int64_t path_signature) {
  const int world = collectives_.world_size();
  if (world == 1) return {stop, task_loss};
  const auto start = std::chrono::steady_clock::now();

  // [stop, loss, s, s^2, has gradient per parameter], summed: sum(s) = W*s
  // and sum(s^2) = W*s^2 hold on every rank only when all ranks have the same s.
  const auto n = static_cast<int64_t>(parameters.size());
  const double signature = static_cast<double>(path_signature % (int64_t{1} << 24));
  auto check = torch::zeros({4 + n}, torch::kFloat64);
  auto c = check.accessor<double, 1>();
  c[0] = stop ? 1.0 : 0.0;
  c[1] = task_loss;
  c[2] = signature;
  c[3] = signature * signature;
  for (int64_t i = 0; i < n; ++i) c[4 + i] = parameters[static_cast<size_t>(i)].grad().defined() ? 1.0 : 0.0;
  collectives_.all_reduce(check, ReduceOp::sum);
  c = check.accessor<double, 1>();
  const double w = world;
  if (c[2] != w * signature || c[3] != w * signature * signature)
    throw DistributedError("rank " + std::to_string(collectives_.rank()) +
                           ": the ranks ran different super-net paths in one step, so their sampler states differ");

  // Buckets of one dtype and device, in parameter order, over every
  // parameter some rank has a gradient for.
  std::vector<torch::Tensor> bucket;
  int64_t bytes = 0;
  for (int64_t i = 0; i < n; ++i) {
    if (c[4 + i] == 0) continue;
    const torch::Tensor& p = parameters[static_cast<size_t>(i)];
    if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
    const torch::Tensor& g = p.grad();
    if (!bucket.empty() && (bucket.front().scalar_type() != g.scalar_type() || bucket.front().device() != g.device() ||
                            bytes >= bucket_bytes_))
      reduce_bucket(collectives_, bucket), bytes = 0;
    bucket.push_back(g);
    bytes += g.numel() * static_cast<int64_t>(g.element_size());
    bytes_ += g.numel() * static_cast<int64_t>(g.element_size());
  }
  reduce_bucket(collectives_, bucket);
  seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return {c[0] > 0, c[1] / w};
}

void average_floating_buffers(Collectives& collectives, const std::vector<torch::Tensor>& buffers) {
  if (collectives.world_size() == 1) return;
  torch::NoGradGuard no_grad;
  std::map<std::pair<int, std::string>, std::vector<torch::Tensor>> by_kind;  // one bucket per dtype and device
  for (const auto& b : buffers)
    if (b.defined() && b.is_floating_point() && b.numel() > 0)
      by_kind[{static_cast<int>(b.scalar_type()), b.device().str()}].push_back(b);
  for (auto& [kind, bucket] : by_kind) reduce_bucket(collectives, bucket);
}

}  // namespace naskernel
