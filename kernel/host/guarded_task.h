// A Task that forwards every call to a plugin's object inside the exception
// boundary (plugin_call) and owns that object and its library.
#pragma once

#include "kernel/host/plugin_handle.h"

#include <naskernel/task.h>

namespace naskernel {

class GuardedTask final : public Task {
 public:
  GuardedTask(PluginHandle handle, Task* object) : handle_(std::move(handle)), object_(object) {}
  ~GuardedTask() override;
  GuardedTask(const GuardedTask&) = delete;
  GuardedTask& operator=(const GuardedTask&) = delete;

  NetworkSpec network() const override;
  void load(uint64_t seed) override;
  int64_t size(Split split) const override;
  Batch batch(Split split, const torch::Tensor& indices, Rng* augment) const override;
  torch::Tensor loss(const torch::Tensor& output, const Batch& batch) const override;
  std::vector<MetricSpec> metrics() const override;
  // The accumulator comes back guarded too.
  std::unique_ptr<MetricAccumulator> accumulator() const override;
  std::string fingerprint() const override;
  void check_data() const override;

 private:
  PluginHandle handle_;
  Task* object_;
};

}  // namespace naskernel
