// A Regularizer that forwards every call to a plugin's object inside the
// exception boundary (plugin_call) and owns that object and its library.
#pragma once

#include "kernel/host/plugin_handle.h"

#include <naskernel/regularizer.h>

namespace naskernel {

class GuardedRegularizer final : public Regularizer {
 public:
  GuardedRegularizer(PluginHandle handle, Regularizer* object) : handle_(std::move(handle)), object_(object) {}
  ~GuardedRegularizer() override;
  GuardedRegularizer(const GuardedRegularizer&) = delete;
  GuardedRegularizer& operator=(const GuardedRegularizer&) = delete;

  void attach(Host& host) override;
  double weight(int epoch, int total_epochs) const override;
  torch::Tensor loss(const StepInfo& step, const Batch& landmark_batch) override;
  void save(torch::serialize::OutputArchive& archive) const override;
  void load(torch::serialize::InputArchive& archive) override;

 private:
  PluginHandle handle_;
  Regularizer* object_;
};

}  // namespace naskernel
