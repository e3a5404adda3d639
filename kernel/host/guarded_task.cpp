#include "kernel/host/guarded_task.h"

#include "kernel/host/plugin_call.h"

namespace naskernel {

GuardedTask::~GuardedTask() {
  if (object_ && handle_.destroy) handle_.destroy(object_);
}

InputShape GuardedTask::shape() const {
  return plugin_call(handle_.name, "shape", [&] { return object_->shape(); });
}
void GuardedTask::load(uint64_t seed) {
  plugin_call(handle_.name, "load", [&] { object_->load(seed); });
}
int64_t GuardedTask::size(Split split) const {
  return plugin_call(handle_.name, "size", [&] { return object_->size(split); });
}
Batch GuardedTask::batch(Split split, const torch::Tensor& indices, Rng* augment) const {
  return plugin_call(handle_.name, "batch", [&] { return object_->batch(split, indices, augment); });
}
torch::Tensor GuardedTask::loss(const torch::Tensor& output, const Batch& batch, const LossOptions& options) const {
  return plugin_call(handle_.name, "loss", [&] { return object_->loss(output, batch, options); });
}
std::vector<MetricSpec> GuardedTask::metrics() const {
  return plugin_call(handle_.name, "metrics", [&] { return object_->metrics(); });
}
std::vector<double> GuardedTask::metric_sums(const torch::Tensor& output, const Batch& batch) const {
  return plugin_call(handle_.name, "metric_sums", [&] { return object_->metric_sums(output, batch); });
}
std::string GuardedTask::fingerprint() const {
  return plugin_call(handle_.name, "fingerprint", [&] { return object_->fingerprint(); });
}

}  // namespace naskernel
