#include "kernel/host/guarded_task.h"

#include "kernel/host/plugin_call.h"

namespace naskernel {

GuardedTask::~GuardedTask() {
  if (object_ && handle_.destroy) handle_.destroy(object_);
}

namespace {

class GuardedAccumulator final : public MetricAccumulator {
 public:
  GuardedAccumulator(const PluginHandle& handle, std::unique_ptr<MetricAccumulator> object)
      : name_(handle.name), library_(handle.library), object_(std::move(object)) {}
  void add(const torch::Tensor& output, const Batch& batch) override {
    plugin_call(name_, "accumulator.add", [&] { object_->add(output, batch); });
  }
  std::vector<double> values() const override {
    return plugin_call(name_, "accumulator.values", [&] { return object_->values(); });
  }

 private:
  std::string name_;
  std::shared_ptr<boost::dll::shared_library> library_;  // outlives object_
  std::unique_ptr<MetricAccumulator> object_;
};

}  // namespace

NetworkSpec GuardedTask::network() const {
  return plugin_call(handle_.name, "network", [&] { return object_->network(); });
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
torch::Tensor GuardedTask::loss(const torch::Tensor& output, const Batch& batch) const {
  return plugin_call(handle_.name, "loss", [&] { return object_->loss(output, batch); });
}
std::vector<MetricSpec> GuardedTask::metrics() const {
  return plugin_call(handle_.name, "metrics", [&] { return object_->metrics(); });
}
std::unique_ptr<MetricAccumulator> GuardedTask::accumulator() const {
  auto object = plugin_call(handle_.name, "accumulator", [&] { return object_->accumulator(); });
  return std::make_unique<GuardedAccumulator>(handle_, std::move(object));
}
std::string GuardedTask::fingerprint() const {
  return plugin_call(handle_.name, "fingerprint", [&] { return object_->fingerprint(); });
}
void GuardedTask::check_data() const {
  if (!sdk_version_at_least(handle_.sdk_version, 2, 1)) return;  // built before Task::check_data existed
  plugin_call(handle_.name, "check_data", [&] { object_->check_data(); });
}

}  // namespace naskernel
