#include "kernel/host/guarded_sampler.h"

#include "kernel/host/plugin_call.h"

namespace naskernel {

GuardedSampler::~GuardedSampler() {
  if (object_ && handle_.destroy) handle_.destroy(object_);
}

void GuardedSampler::attach(Host& host) {
  plugin_call(handle_.name, "attach", [&] { object_->attach(host); });
}
Path GuardedSampler::training_path(const StepInfo& step) {
  return plugin_call(handle_.name, "training_path", [&] { return object_->training_path(step); });
}
bool GuardedSampler::wants_architecture_step(const StepInfo& step) const {
  return plugin_call(handle_.name, "wants_architecture_step", [&] { return object_->wants_architecture_step(step); });
}
void GuardedSampler::architecture_step(const StepInfo& step, const Batch& landmark_batch) {
  plugin_call(handle_.name, "architecture_step", [&] { object_->architecture_step(step, landmark_batch); });
}
void GuardedSampler::after_step(const StepInfo& step, double loss) {
  plugin_call(handle_.name, "after_step", [&] { object_->after_step(step, loss); });
}
void GuardedSampler::on_epoch_end(int epoch, int total_epochs) {
  plugin_call(handle_.name, "on_epoch_end", [&] { object_->on_epoch_end(epoch, total_epochs); });
}
std::vector<Arch> GuardedSampler::propose(int k) {
  return plugin_call(handle_.name, "propose", [&] { return object_->propose(k); });
}
void GuardedSampler::save(torch::serialize::OutputArchive& archive) const {
  plugin_call(handle_.name, "save", [&] { object_->save(archive); });
}
void GuardedSampler::load(torch::serialize::InputArchive& archive) {
  plugin_call(handle_.name, "load", [&] { object_->load(archive); });
}

}  // namespace naskernel
