// The regularizer that adds nothing: the baseline of a landmark study.
// Swapping `landmark` for `none` is a manifest change only; it takes no keys.
#pragma once

#include <naskernel/config.h>
#include <naskernel/key_spec.h>
#include <naskernel/regularizer.h>

#include <stdexcept>

namespace naskernel::none {

class NoneRegularizer : public Regularizer {
 public:
  explicit NoneRegularizer(const Config&) {}
  static std::vector<KeySpec> keys() { return {}; }

  void attach(Host& host) override { host_ = &host; }

  double weight(int, int) const override { return 0.0; }

  // A zero scalar on the run's device, so that adding it is always valid.
  torch::Tensor loss(const StepInfo&, const Batch&) override {
    if (!host_) throw std::logic_error("none regularizer used before attach()");
    return torch::zeros({}, torch::TensorOptions().device(host_->device()));
  }

 private:
  Host* host_ = nullptr;
};

}  // namespace naskernel::none
