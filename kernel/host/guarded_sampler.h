// A Sampler that forwards every call to a plugin's object inside the
// exception boundary (plugin_call) and owns that object and its library.
#pragma once

#include "kernel/host/plugin_handle.h"

#include <naskernel/sampler.h>

namespace naskernel {

class GuardedSampler final : public Sampler {
 public:
  GuardedSampler(PluginHandle handle, Sampler* object) : handle_(std::move(handle)), object_(object) {}
  ~GuardedSampler() override;
  GuardedSampler(const GuardedSampler&) = delete;
  GuardedSampler& operator=(const GuardedSampler&) = delete;

  void attach(Host& host) override;
  Path training_path(const StepInfo& step) override;
  bool wants_architecture_step(const StepInfo& step) const override;
  void architecture_step(const StepInfo& step, const Batch& landmark_batch) override;
  void after_step(const StepInfo& step, double loss) override;
  void on_epoch_end(int epoch, int total_epochs) override;
  std::vector<Arch> propose(int k) override;
  void save(torch::serialize::OutputArchive& archive) const override;
  void load(torch::serialize::InputArchive& archive) override;

 private:
  PluginHandle handle_;
  Sampler* object_;
};

}  // namespace naskernel
