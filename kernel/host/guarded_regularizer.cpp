#include "kernel/host/guarded_regularizer.h"

#include "kernel/host/plugin_call.h"

namespace naskernel {

GuardedRegularizer::~GuardedRegularizer() {
  if (object_ && handle_.destroy) handle_.destroy(object_);
}

void GuardedRegularizer::attach(Host& host) {
  plugin_call(handle_.name, "attach", [&] { object_->attach(host); });
}
double GuardedRegularizer::weight(int epoch, int total_epochs) const {
  return plugin_call(handle_.name, "weight", [&] { return object_->weight(epoch, total_epochs); });
}
torch::Tensor GuardedRegularizer::loss(const StepInfo& step, const Batch& landmark_batch) {
  return plugin_call(handle_.name, "loss", [&] { return object_->loss(step, landmark_batch); });
}
void GuardedRegularizer::save(torch::serialize::OutputArchive& archive) const {
  plugin_call(handle_.name, "save", [&] { object_->save(archive); });
}
void GuardedRegularizer::load(torch::serialize::InputArchive& archive) {
  plugin_call(handle_.name, "load", [&] { object_->load(archive); });
}

}  // namespace naskernel
